/**
 * Hostile records through both handlers, over HTTP against @cwagg/cloudwatch-local: whatever a batch holds,
 * the handler returns normally (no batch item failures: bad data is never retried), every bad record is
 * counted with its reason, and every good value is published exactly as sent.
 */
import { createHash } from 'node:crypto';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_METRIC_NAME,
  DEFAULT_NAMESPACE,
  decodeBatch,
  type HandlerKind,
  INVALID_RECORDS_METRIC_NAME,
  KPL_MAGIC,
  TYPE_BY_KIND,
} from '../src/index.js';
import { expectedStatistics, readStatistics, type Statistics } from './support/cloudwatch.js';
import { LONG, recordFigures } from './support/figures.js';
import { ARRIVAL, kplAggregates, sequenceNumber } from './support/fixtures.js';
import { kplAggregateOf } from './support/kpl-bytes.js';
import { consumeLikeLambda } from './support/lambda.js';
import { handlerFor, useCloudWatchLocal } from './support/local-handlers.js';
import { startScriptedProxy } from './support/scripted-proxy.js';

const KINDS: readonly HandlerKind[] = ['aggregated', 'single'];
const MiB = 1024 * 1024;
/** 2^360: CloudWatch's largest magnitude, as text. */
const LARGEST = String(2 ** 360);

const cloudwatch = useCloudWatchLocal();

/** A handler that logs warnings and errors only: the tests look for the warning a bad record gives. */
function quietHandler(kind: HandlerKind, env: Record<string, string> = {}) {
  return handlerFor(kind, cloudwatch.endpoint, { LOG_LEVEL: 'warn', ...env });
}

/** A record whose `data` is put in the event as given: for data that is not base64 at all. */
function rawRecord(data: unknown, index: number): KinesisStreamRecord {
  const [record] = lambdaEventFromRecords([{ data: '', sequenceNumber: sequenceNumber(index) }]).Records;
  return {
    ...(record as KinesisStreamRecord),
    // Deliberately not a base64 string (or not a string at all), as a broken producer might send.
    kinesis: { ...(record as KinesisStreamRecord).kinesis, data: data as string },
  };
}

function recordOf(data: string | Uint8Array, index: number): KinesisStreamRecord {
  const input = { data, sequenceNumber: sequenceNumber(index), approximateArrivalTimestamp: ARRIVAL };
  return lambdaEventFromRecords([input]).Records[0] as KinesisStreamRecord;
}

function eventOfPayloads(payloads: readonly (string | Uint8Array)[]): KinesisStreamEvent {
  return lambdaEventFromRecords(
    payloads.map((data, i) => ({
      data,
      sequenceNumber: sequenceNumber(i),
      approximateArrivalTimestamp: ARRIVAL,
    })),
  );
}

/** The published statistics equal those of `good`, read back from the endpoint. */
function expectPublished(stats: Statistics | undefined, good: readonly number[], what: string): void {
  if (good.length === 0) {
    expect(stats, what).toBeUndefined();
    return;
  }
  const expected = expectedStatistics(good);
  expect(stats, what).toBeDefined();
  const read = stats as Statistics;
  expect(read.SampleCount, what).toBe(expected.SampleCount);
  expect(read.Minimum, what).toBe(expected.Minimum);
  expect(read.Maximum, what).toBe(expected.Maximum);
  // The two paths add in different orders; the tolerance is relative to the magnitudes added.
  const magnitude = good.reduce((sum, value) => sum + Math.abs(value), 0);
  expect(Math.abs(read.Sum - expected.Sum), what).toBeLessThanOrEqual(magnitude * 1e-12);
  // CloudWatch gives no percentile when any value is negative.
  const percentiles = good.some((value) => value < 0)
    ? { p50: undefined, p90: undefined, p99: undefined }
    : { p50: expected.p50, p90: expected.p90, p99: expected.p99 };
  expect({ p50: read.p50, p90: read.p90, p99: read.p99 }, what).toEqual(percentiles);
}

async function invalidCount(kind: HandlerKind): Promise<number> {
  const read = await readStatistics(
    cloudwatch.endpoint,
    INVALID_RECORDS_METRIC_NAME,
    TYPE_BY_KIND[kind],
    false,
  );
  return read?.Sum ?? 0;
}

/** A KPL aggregate with a valid checksum around any protobuf bytes. */
function kplAround(protobuf: Uint8Array): Uint8Array {
  const md5 = createHash('md5').update(protobuf).digest();
  return Uint8Array.from([...KPL_MAGIC, ...protobuf, ...md5]);
}

interface Case {
  what: string;
  data: string | Uint8Array;
  /** Values the record yields; none for a bad record. */
  good?: number[];
  /** Bad entries the record yields (a KPL aggregate can hold several), each with a reason like this. */
  bad?: RegExp[];
}

async function hostileCases(): Promise<Case[]> {
  const [kpl, mixedKpl, halfMiBKpl] = await kplAggregates([
    ['11', '12', '13'],
    ['100', 'NaN', '', '7', '0x10'],
    [`${'0'.repeat(MiB / 2 - 1024)}5`, `${'0'.repeat(MiB / 2 - 1024)}6`],
  ]);
  if (!kpl || !mixedKpl || !halfMiBKpl) throw new Error('no aggregates');
  const flipped = Uint8Array.from(kpl);
  flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 0x01;
  const flippedBody = Uint8Array.from(kpl);
  flippedBody[8] = (flippedBody[8] as number) ^ 0x40;
  const notUtf8 = /not valid UTF-8/;
  const notDecimal = /is not a decimal number/;
  const outside = /outside CloudWatch's range/;
  return [
    { what: 'empty', data: '', bad: [/payload is empty/] },
    { what: 'whitespace only', data: ' \t\r\n ', bad: [/only whitespace/] },
    { what: 'NaN', data: 'NaN', bad: [notDecimal] },
    { what: 'Infinity', data: 'Infinity', bad: [notDecimal] },
    { what: '-Infinity', data: '-Infinity', bad: [notDecimal] },
    { what: '1e400', data: '1e400', bad: [outside] },
    { what: 'just above 2^360', data: '2.3485425827738343e108', bad: [outside] },
    { what: 'just below -2^360', data: '-2.3485425827738343e108', bad: [outside] },
    { what: 'exactly 2^360', data: LARGEST, good: [2 ** 360] },
    { what: 'exactly -2^360', data: `-${LARGEST}`, good: [-(2 ** 360)] },
    // Each is a valid value; together their sum passes 2^360, which no datum may carry.
    { what: '2e108 (a)', data: '2e108', good: [2e108] },
    { what: '2e108 (b)', data: '2e108', good: [2e108] },
    { what: '1e-400 (underflows to 0)', data: '1e-400', good: [0] },
    { what: 'smallest subnormal', data: '5e-324', good: [5e-324] },
    { what: '0x10', data: '0x10', bad: [notDecimal] },
    { what: '1,000', data: '1,000', bad: [notDecimal] },
    { what: '1_000', data: '1_000', bad: [notDecimal] },
    { what: 'Arabic-Indic digits', data: '١٢٣', bad: [notDecimal] },
    { what: 'full-width digits', data: '１２', bad: [notDecimal] },
    { what: 'number and unit', data: '12 ms', bad: [notDecimal] },
    { what: 'two signs', data: '+-1', bad: [notDecimal] },
    { what: 'JSON without VALUE_FIELD', data: '{"v": 1}', bad: [/set VALUE_FIELD/] },
    { what: 'invalid UTF-8 (FF FE)', data: Uint8Array.of(0xff, 0xfe), bad: [notUtf8] },
    { what: 'invalid UTF-8 (C3 28)', data: Uint8Array.of(0xc3, 0x28), bad: [notUtf8] },
    { what: 'UTF-8 surrogate (ED A0 80)', data: Uint8Array.of(0xed, 0xa0, 0x80), bad: [notUtf8] },
    { what: 'NUL byte', data: '12\u0000', bad: [notDecimal] },
    { what: '1 MiB of digits', data: '9'.repeat(MiB), bad: [outside] },
    { what: '1 MiB of spaces', data: ' '.repeat(MiB), bad: [/only whitespace/] },
    { what: '1 MiB of letters', data: 'x'.repeat(MiB), bad: [notDecimal] },
    { what: '1 MiB number with leading zeros', data: `${'0'.repeat(MiB - 1)}7`, good: [7] },
    { what: 'KPL aggregate', data: kpl, good: [11, 12, 13] },
    {
      what: 'KPL aggregate with bad sub-records',
      data: mixedKpl,
      good: [100, 7],
      bad: [notDecimal, /payload is empty/, notDecimal],
    },
    { what: '1 MiB KPL aggregate', data: halfMiBKpl, good: [5, 6] },
    { what: 'KPL checksum flipped', data: flipped, bad: [/checksum/] },
    { what: 'KPL body flipped', data: flippedBody, bad: [/checksum/] },
    { what: 'KPL magic only', data: KPL_MAGIC, bad: [/truncated/] },
    {
      what: 'KPL cut before its checksum',
      data: kpl.subarray(0, kpl.length - 16),
      bad: [/truncated|checksum/],
    },
    { what: 'KPL cut by one byte', data: kpl.subarray(0, kpl.length - 1), bad: [/checksum/] },
    { what: 'KPL cut inside its magic', data: kpl.subarray(0, 3), bad: [notUtf8] },
    {
      what: 'KPL with a field running past the end',
      data: kplAround(Uint8Array.of(0x1a, 0xff, 0xff, 0xff, 0x0f)),
      bad: [/malformed: a field length runs past the end/],
    },
    { what: 'KPL holding no records', data: kplAround(new Uint8Array(0)), bad: [/holds no records/] },
  ];
}

/** Records whose `data` is not base64 of anything, or missing. */
const RAW_CASES: Array<{ what: string; data: unknown; bad: RegExp }> = [
  { what: 'garbage base64', data: '!!!not base64!!!', bad: /not valid base64/ },
  { what: 'base64 without padding', data: 'MTI', bad: /not valid base64/ },
  { what: 'base64 with a space', data: 'MT Iz', bad: /not valid base64/ },
  { what: 'base64 of non-ASCII', data: 'éé==', bad: /not valid base64/ },
  { what: 'only padding', data: '====', bad: /not valid base64/ },
  { what: 'data is a number', data: 42, bad: /no kinesis data/ },
  { what: 'data is missing', data: undefined, bad: /no kinesis data/ },
];

describe('hostile records, one of each kind in a batch', () => {
  it('both handlers return normally, count every bad record with its reason, and publish every good value', async () => {
    const cases = await hostileCases();
    const event = eventOfPayloads(cases.map((c) => c.data));
    event.Records.push(...RAW_CASES.map((c, i) => rawRecord(c.data, cases.length + i)));
    const good = cases.flatMap((c) => c.good ?? []);
    const expectedReasons = [...cases.flatMap((c) => c.bad ?? []), ...RAW_CASES.map((c) => c.bad)];

    // Every bad record (or KPL sub-record) is set aside with a reason a person understands.
    const decoded = decodeBatch(event.Records);
    expect(decoded.invalid.map((entry) => entry.reason)).toEqual(
      expectedReasons.map((reason) => expect.stringMatching(reason)),
    );
    expect(Array.from(decoded.values.subarray(0, decoded.valueCount))).toEqual(good);

    for (const kind of KINDS) {
      cloudwatch.reset();
      const { handler, logs } = quietHandler(kind);
      expect(await handler(event), kind).toEqual({ batchItemFailures: [] });
      expectPublished(
        await readStatistics(cloudwatch.endpoint, DEFAULT_METRIC_NAME, TYPE_BY_KIND[kind]),
        good,
        kind,
      );
      expect(await invalidCount(kind), kind).toBe(expectedReasons.length);
      // A bounded sample is logged, with the count of all of them.
      const warning = logs.map((line) => JSON.parse(line)).find((line) => line.level === 'WARN');
      expect(warning, kind).toMatchObject({ invalidRecords: expectedReasons.length });
      expect(warning.sample.length, kind).toBe(10);
      expect(cloudwatch.stats().rejections, kind).toEqual({});
    }
    recordFigures('hostile-kinds', {
      records: event.Records.length,
      badEntries: expectedReasons.length,
      goodValues: good.length,
      lost: 0,
    });
  });

  it('counts a record whose arrival time no Date can hold as invalid, and publishes the rest', async () => {
    // Epoch ms beyond ±8.64e15 made the timestamp check throw (toISOString), and both handlers then asked
    // Lambda to retry the whole batch forever, storing none of its good values.
    const impossible = [1e303, -1e303, 8.64e15 + 1, Number.MAX_VALUE];
    const event = lambdaEventFromRecords([
      { data: '7', sequenceNumber: sequenceNumber(0), approximateArrivalTimestamp: ARRIVAL },
      ...impossible.map((approximateArrivalTimestamp, i) => ({
        data: '8',
        sequenceNumber: sequenceNumber(i + 1),
        approximateArrivalTimestamp,
      })),
      { data: '9', sequenceNumber: sequenceNumber(9), approximateArrivalTimestamp: ARRIVAL },
    ]);
    for (const kind of KINDS) {
      cloudwatch.reset();
      const { handler, logs } = quietHandler(kind);
      expect(await handler(event), kind).toEqual({ batchItemFailures: [] });
      expectPublished(
        await readStatistics(cloudwatch.endpoint, DEFAULT_METRIC_NAME, TYPE_BY_KIND[kind]),
        [7, 9],
        kind,
      );
      expect(await invalidCount(kind), kind).toBe(impossible.length);
      const warning = logs.map((line) => JSON.parse(line)).find((line) => line.level === 'WARN');
      expect(
        warning.sample.map((entry: { reason: string }) => entry.reason),
        kind,
      ).toEqual(impossible.map(() => expect.stringMatching(/is not a valid time|is too far ahead/)));
    }
  });

  it('reads a JSON field (VALUE_FIELD) from hostile JSON without throwing', async () => {
    const payloads: Array<[string, number | RegExp]> = [
      ['{"m": {"v": 12.5}}', 12.5],
      ['{"m": {"v": -3}}', -3],
      ['{"m": {"v": 1e400}}', /outside CloudWatch's range/],
      ['{"m": {"v": "12"}}', /is string, not a number/],
      ['{"m": {"v": null}}', /is null, not a number/],
      ['{"m": {"v": [1]}}', /is object, not a number/],
      ['{"m": 5}', /has no field "m.v"/],
      ['[1, 2]', /has no field/],
      ['{"__proto__": {"v": 1}}', /has no field/],
      ['{"m": {"v": 1}', /is not JSON/],
      ['12', /has no field/],
      [`${'['.repeat(100_000)}${']'.repeat(100_000)}`, /is not JSON|has no field/],
      [`{"m": {"v": 4, "pad": "${'x'.repeat(MiB)}"}}`, 4],
    ];
    const event = eventOfPayloads(payloads.map(([payload]) => payload));
    const good = payloads.flatMap(([, outcome]) => (typeof outcome === 'number' ? [outcome] : []));
    const bad = payloads.flatMap(([, outcome]) => (typeof outcome === 'number' ? [] : [outcome]));
    const decoded = decodeBatch(event.Records, { valueField: ['m', 'v'] });
    expect(decoded.invalid.map((entry) => entry.reason)).toEqual(bad.map((r) => expect.stringMatching(r)));
    for (const kind of KINDS) {
      cloudwatch.reset();
      const { handler } = quietHandler(kind, { VALUE_FIELD: 'm.v' });
      expect(await handler(event), kind).toEqual({ batchItemFailures: [] });
      expectPublished(
        await readStatistics(cloudwatch.endpoint, DEFAULT_METRIC_NAME, TYPE_BY_KIND[kind]),
        good,
        kind,
      );
      expect(await invalidCount(kind), kind).toBe(bad.length);
    }
  });
});

/** One generated record: its data, and what the handlers must make of it (known without parsing it). */
interface Generated {
  data: string | Uint8Array;
  raw?: boolean;
  good: number[];
  bad: number;
}

const BAD_TEXT = [
  '',
  '   ',
  'NaN',
  'Infinity',
  '-Infinity',
  '1e400',
  '-1e400',
  '2.3485425827738343e108',
  '0x10',
  '1,000',
  'twelve',
  '12 ms',
  '1.2.3',
  '--5',
  'null',
  'true',
  '[]',
  '{"value": 12}',
];

const padding = fc.constantFrom('', ' ', '\t', '\n', '  \r\n');
const goodText: fc.Arbitrary<Generated> = fc.oneof(
  fc
    .tuple(fc.integer({ min: -1000, max: 100_000 }), padding, padding)
    .map(([n, before, after]) => ({ data: `${before}${n}${after}`, good: [n], bad: 0 })),
  fc
    .double({ min: -1e100, max: 1e100, noNaN: true, noDefaultInfinity: true })
    .map((d) => ({ data: String(d), good: [d + 0], bad: 0 })),
  // The edges of CloudWatch's range: valid alone, and a sum of two of them is beyond it.
  fc
    .constantFrom(2 ** 360, -(2 ** 360), 2e108, 1.5e108, 5e-324)
    .map((d) => ({ data: String(d), good: [d], bad: 0 })),
);
const badText: fc.Arbitrary<Generated> = fc.oneof(
  fc.constantFrom(...BAD_TEXT).map((data) => ({ data, good: [], bad: 1 })),
  // Anything after a letter is never a number; as bytes it may not even be UTF-8.
  fc
    .uint8Array({ maxLength: 64 })
    .map((bytes) => ({ data: Uint8Array.from([0x78, ...bytes]), good: [], bad: 1 })),
  fc.string({ maxLength: 40 }).map((text) => ({ data: `#${text}`, good: [], bad: 1 })),
);
const rawGarbage: fc.Arbitrary<Generated> = fc
  .string({ maxLength: 40 })
  .map((text) => ({ data: `!${text}`, raw: true, good: [], bad: 1 }));
const textRecord = fc.oneof({ arbitrary: goodText, weight: 3 }, { arbitrary: badText, weight: 2 });
const kplRecord = fc
  .tuple(fc.array(textRecord, { minLength: 1, maxLength: 4 }), fc.constantFrom('intact', 'flipped', 'cut'))
  .map(([subRecords, damage]) => ({ subRecords, damage }));
const generatedBatch = fc.array(
  fc.oneof(
    { arbitrary: textRecord.map((record) => ({ record })), weight: 6 },
    { arbitrary: rawGarbage.map((record) => ({ record })), weight: 1 },
    { arbitrary: kplRecord.map((kpl) => ({ kpl })), weight: 2 },
  ),
  { minLength: 1, maxLength: 30 },
);

/** Turns generated entries into records, building KPL aggregates and damaging them as chosen. */
async function recordsOf(
  entries: Array<{ record: Generated } | { kpl: { subRecords: Generated[]; damage: string } }>,
): Promise<Generated[]> {
  const out: Generated[] = [];
  for (const entry of entries) {
    if ('record' in entry) {
      out.push(entry.record);
      continue;
    }
    const aggregate = await kplAggregateOf(
      entry.kpl.subRecords.map((sub) => (typeof sub.data === 'string' ? Buffer.from(sub.data) : sub.data)),
    );
    const bytes = Uint8Array.from(aggregate);
    if (entry.kpl.damage === 'intact') {
      out.push({
        data: bytes,
        good: entry.kpl.subRecords.flatMap((sub) => sub.good),
        bad: entry.kpl.subRecords.reduce((sum, sub) => sum + sub.bad, 0),
      });
    } else if (entry.kpl.damage === 'flipped') {
      bytes[bytes.length - 5] = (bytes[bytes.length - 5] as number) ^ 0x10;
      out.push({ data: bytes, good: [], bad: 1 });
    } else {
      out.push({ data: bytes.subarray(0, bytes.length - 1), good: [], bad: 1 });
    }
  }
  return out;
}

describe('a property: any mix of good, hostile and KPL records', () => {
  it('is handled the same by both handlers: every good value published, every bad entry counted', async () => {
    let runs = 0;
    let records = 0;
    let badEntries = 0;
    let goodValues = 0;
    await fc.assert(
      fc.asyncProperty(generatedBatch, async (entries) => {
        const generated = await recordsOf(entries);
        const event: KinesisStreamEvent = { Records: [] };
        generated.forEach((record, i) => {
          event.Records.push(
            record.raw ? rawRecord(record.data, i) : recordOf(record.data as string | Uint8Array, i),
          );
        });
        const good = generated.flatMap((record) => record.good);
        const bad = generated.reduce((sum, record) => sum + record.bad, 0);
        const decoded = decodeBatch(event.Records);
        expect(decoded.invalid).toHaveLength(bad);
        for (const entry of decoded.invalid) expect(entry.reason.length).toBeGreaterThan(5);
        for (const kind of KINDS) {
          cloudwatch.reset();
          const { handler } = quietHandler(kind);
          expect(await handler(event), kind).toEqual({ batchItemFailures: [] });
          expectPublished(
            await readStatistics(cloudwatch.endpoint, DEFAULT_METRIC_NAME, TYPE_BY_KIND[kind]),
            good,
            kind,
          );
          expect(await invalidCount(kind), kind).toBe(bad);
          expect(cloudwatch.stats().rejections, kind).toEqual({});
        }
        runs += 1;
        records += generated.length;
        badEntries += bad;
        goodValues += good.length;
      }),
      { numRuns: LONG ? 400 : 40, seed: LONG ? undefined : 20261125 },
    );
    recordFigures('hostile-property', { runs, records, badEntries, goodValues, lost: 0 });
  });
});

/** 29 dimensions of 1,024 characters besides Type: about 30 KB per datum, so 5,000 values need 2 requests. */
const WIDE_DIMENSIONS = Object.fromEntries(
  Array.from({ length: 29 }, (_, i) => [`D${String(i).padStart(2, '0')}`, `${i}`.padEnd(1024, 'x')]),
);

/** SampleCount of the value metric with every dimension named (a metric is its whole dimension set). */
async function sampleCountWith(kind: HandlerKind, dimensions: Record<string, string>): Promise<number> {
  const client = new CloudWatchClient({ endpoint: cloudwatch.endpoint, maxAttempts: 1 });
  const now = Date.now();
  const { Datapoints } = await client.send(
    new GetMetricStatisticsCommand({
      Namespace: DEFAULT_NAMESPACE,
      MetricName: DEFAULT_METRIC_NAME,
      Dimensions: Object.entries({ ...dimensions, Type: TYPE_BY_KIND[kind] }).map(([Name, Value]) => ({
        Name,
        Value,
      })),
      StartTime: new Date(now - 86_400_000),
      EndTime: new Date(now + 3_600_000),
      Period: 86_400,
      Statistics: ['SampleCount'],
    }),
  );
  client.destroy();
  return (Datapoints ?? []).reduce((sum, point) => sum + (point.SampleCount ?? 0), 0);
}

describe('what exactly-once cannot cover, measured', () => {
  const values = Array.from({ length: 5_000 }, (_, i) => String(i));

  it('plain records too many for one request: runs end at record boundaries, a failed run is retried alone', async () => {
    const proxy = await startScriptedProxy(cloudwatch.endpoint, (put) => (put === 1 ? 'fail' : 'forward'));
    try {
      const { handler } = quietHandler('aggregated', {
        CLOUDWATCH_ENDPOINT: proxy.endpoint,
        DIMENSIONS: JSON.stringify(WIDE_DIMENSIONS),
        MAX_ATTEMPTS: '1',
      });
      const replay = await consumeLikeLambda(handler, eventOfPayloads(values).Records, values.length);
      expect(replay.retriedInvocations).toBe(1);
      expect(proxy.actions).toEqual(['forward', 'fail', 'forward']);
    } finally {
      await proxy.close();
    }
    expect(await sampleCountWith('aggregated', WIDE_DIMENSIONS)).toBe(values.length);
  });

  it('one KPL record too large for one request: a failure after its first request stores that request twice', async () => {
    const aggregate = await kplAggregateOf(values.map((value) => Buffer.from(value)));
    const proxy = await startScriptedProxy(cloudwatch.endpoint, (put) => (put === 1 ? 'fail' : 'forward'));
    try {
      const { handler } = quietHandler('aggregated', {
        CLOUDWATCH_ENDPOINT: proxy.endpoint,
        DIMENSIONS: JSON.stringify(WIDE_DIMENSIONS),
        MAX_ATTEMPTS: '1',
      });
      const replay = await consumeLikeLambda(handler, eventOfPayloads([aggregate]).Records, 1);
      expect(replay.retriedInvocations).toBe(1);
      expect(proxy.actions).toEqual(['forward', 'fail', 'forward', 'forward']);
    } finally {
      await proxy.close();
    }
    const stored = await sampleCountWith('aggregated', WIDE_DIMENSIONS);
    const doubled = stored - values.length;
    expect(doubled).toBeGreaterThan(0);
    expect(doubled).toBeLessThan(values.length);
    recordFigures('oversized-kpl-record', { values: values.length, requests: 2, doubled });
  });

  it('a PutMetricData stored but whose answer was lost is stored again by the retry: one batch counted twice', async () => {
    const proxy = await startScriptedProxy(cloudwatch.endpoint, (put) =>
      put === 1 ? 'lose-answer' : 'forward',
    );
    const records = values.slice(0, 300);
    try {
      const { handler } = quietHandler('aggregated', {
        CLOUDWATCH_ENDPOINT: proxy.endpoint,
        MAX_ATTEMPTS: '1',
      });
      const replay = await consumeLikeLambda(handler, eventOfPayloads(records).Records, 100);
      expect(replay.retriedInvocations).toBe(1);
    } finally {
      await proxy.close();
    }
    const stored = await readStatistics(cloudwatch.endpoint, DEFAULT_METRIC_NAME, TYPE_BY_KIND.aggregated);
    // The second batch of 100, once from the lost answer and once from Lambda's retry.
    expect(stored?.SampleCount).toBe(records.length + 100);
    recordFigures('lost-answer', { records: records.length, batchSize: 100, lostAnswers: 1, doubled: 100 });
  });
});
