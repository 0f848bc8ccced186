/**
 * What only some configurations use is out of the cold start: the tumbling-window code, the field mapping
 * (METRICS, RECORD_DIRECTIVE_NAMESPACES), the METRICS checks, the VALUE_FIELD readers and the full decode of a
 * record (KPL deaggregation, the strict parser) are chunks the handler imports on first use (the METRICS checks: at cold start, only when METRICS is set). These tests look at
 * the built package (what index.mjs imports statically, what the zip holds) and run each part loaded on
 * demand from the unpacked zip, in a process of its own, against @cwagg/cloudwatch-local.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, type Dimension, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import {
  type BundleHost,
  lambdaEventFromRecords,
  type StreamRecordInput,
  startBundleHost,
  unpackZip,
  windowedEvent,
} from '@cwagg/local-lambda';
import { coldStartFiles, listBundleFiles, loadableFiles } from '@cwagg/local-lambda/bundle-layout';
import type { KinesisStreamEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';

const bundleDir = fileURLToPath(new URL('../dist/lambda/', import.meta.url));
const zip = fileURLToPath(new URL('../dist/lambda.zip', import.meta.url));

/** Text only the window code holds (a log message of window/windowed-handler.ts). */
const WINDOW_MARKER = 'window batch folded';
/** Text only the mapping code holds (a problem mapping/record-directives.ts names). */
const MAPPING_MARKER = '_aws.CloudWatchMetrics must be a non-empty array of metric directives';
/** Text only the METRICS checks hold (a problem config-metrics.ts names). */
const METRICS_MARKER = 'does not apply with METRICS';
/** Text only KPL deaggregation holds (a reason kpl.ts gives). */
const KPL_MARKER = 'KPL aggregate checksum (MD5) does not match';
/** Text only the strict parser holds (a reason parse.ts gives). */
const STRICT_PARSE_MARKER = 'is not a decimal number';

const arrival = Date.now() - 60_000;
const TYPE = { Name: 'Type', Value: 'PutMetricDataValuesAndCounts' };

let cloudwatch: CloudWatchLocal;
let client: CloudWatchClient;
beforeAll(async () => {
  cloudwatch = await startCloudWatchLocal({ port: 0 });
  client = new CloudWatchClient({
    endpoint: cloudwatch.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 't', secretAccessKey: 't' },
  });
});
afterAll(async () => {
  client.destroy();
  await cloudwatch.stop();
});
beforeEach(() => cloudwatch.reset());

const environment = (extra: Record<string, string> = {}) => ({
  CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  ...extra,
});

/**
 * The zip unpacked into a fresh directory, without the files `missing` matches (a deployment that lost them),
 * run in a warm host; both gone after each test.
 */
let directory: string | undefined;
let host: BundleHost | undefined;
function startFromZip(env: Record<string, string>, missing?: RegExp): BundleHost {
  directory = mkdtempSync(join(tmpdir(), 'cwagg-lazy-'));
  const entry = unpackZip(zip, directory);
  for (const name of listBundleFiles(directory)) {
    if (missing?.test(name)) rmSync(join(directory, name));
  }
  host = startBundleHost(entry, { env });
  return host;
}
afterEach(async () => {
  await host?.stop();
  if (directory) rmSync(directory, { recursive: true, force: true });
  host = undefined;
  directory = undefined;
});

/**
 * A KPL aggregate of the user records {"v":1}, {"v":2.5} and {"v":40}, as aws-kinesis-agg writes it (magic
 * bytes, protobuf, MD5): the bytes of a producer, kept as data.
 */
const KPL_AGGREGATE = Buffer.from(
  '84mawgoEcGstMAoEcGstMQoEcGstMhoLCAAaB3sidiI6MX0aDQgBGgl7InYiOjIuNX0aDAgCGgh7InYiOjQwfbwbUe7qcoZFaamkMAu/DPA=',
  'base64',
);

const records = (payloads: readonly (string | Uint8Array)[]): StreamRecordInput[] =>
  payloads.map((data, i) => ({
    data,
    sequenceNumber: String(10 ** 20 + i),
    approximateArrivalTimestamp: arrival,
  }));

/** A tumbling window around the records' arrival, as Lambda's event source mapping invokes it. */
const windowBounds = { start: arrival - 30_000, end: arrival + 30_000 };
const windowEvent = (payloads: readonly string[], state: unknown, final = false): KinesisStreamEvent =>
  windowedEvent(lambdaEventFromRecords(records(payloads)), windowBounds, { state, final });

async function statistics(metricName: string, dimensions: Dimension[]) {
  const answer = await client.send(
    new GetMetricStatisticsCommand({
      Namespace: 'PutMetricDataExample',
      MetricName: metricName,
      Dimensions: dimensions,
      StartTime: new Date(arrival - 3_600_000),
      EndTime: new Date(arrival + 3_600_000),
      Period: 7200,
      Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'],
    }),
  );
  return answer.Datapoints?.[0];
}

/** The JSON log lines the function printed. */
const logLines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the cold start of the aggregated handler', () => {
  // The zip, unpacked: dist/lambda can also hold an earlier build's chunks when turbo restored this build
  // from its cache over it (it removes nothing), and those are in no deployment.
  let unpacked: string;
  let entry: string;
  beforeAll(() => {
    unpacked = mkdtempSync(join(tmpdir(), 'cwagg-lazy-zip-'));
    entry = unpackZip(zip, unpacked);
  });
  afterAll(() => rmSync(unpacked, { recursive: true, force: true }));

  it('loads none of the window code, the mapping, the METRICS checks or the full decode: chunks imported on demand', () => {
    const coldStart = coldStartFiles(entry);
    const code = loadableFiles(entry);
    const textOf = (files: string[]) => files.map((file) => readFileSync(file, 'utf8')).join('\n');
    for (const marker of [WINDOW_MARKER, MAPPING_MARKER, METRICS_MARKER, KPL_MARKER, STRICT_PARSE_MARKER]) {
      expect(textOf(coldStart), marker).not.toContain(marker);
      expect(textOf(code), marker).toContain(marker);
    }
    expect(coldStart.map((file) => basename(file))).not.toContainEqual(
      expect.stringMatching(/^(windowed-handler|optional-parts)-/),
    );
    // The entry is index.mjs; every chunk is in chunks/ and was loaded or left by the entry's imports.
    expect(coldStart[0]).toBe(join(unpacked, 'index.mjs'));
    expect(code.length).toBeGreaterThan(coldStart.length);
  });

  it('ships in a zip holding what the entry can load and the source maps, nothing else, as built in dist/lambda', () => {
    const files = listBundleFiles(unpacked);
    const loadable = loadableFiles(entry).map((file) => relative(unpacked, file).split(sep).join('/'));
    expect(files).toEqual([...loadable, ...loadable.map((name) => `${name}.map`)].sort());
    expect(files).toContain('index.mjs');
    expect(
      files.filter((name) => name.startsWith('chunks/') && name.endsWith('.mjs')).length,
    ).toBeGreaterThan(1);
    for (const name of files) {
      expect(readFileSync(join(unpacked, name)).equals(readFileSync(join(bundleDir, name))), name).toBe(true);
    }
  });
});

describe('the parts loaded on demand, run from the zip', () => {
  it('a tumbling window: its code loads on the first windowed invocation, and the window publishes when it closes', async () => {
    const fn = startFromZip(environment());
    await fn.ready;
    // A batch outside any window first: the default path, with nothing loaded on demand.
    expect(await fn.invoke(lambdaEventFromRecords(records(['5', '6'])))).toEqual({ batchItemFailures: [] });
    const folded = (await fn.invoke(windowEvent(['1', '2', '3', '2'], {}))) as {
      state: Record<string, unknown>;
      batchItemFailures: unknown[];
    };
    expect(folded.batchItemFailures).toEqual([]);
    expect(Object.keys(folded.state)).not.toHaveLength(0);
    const second = (await fn.invoke(windowEvent(['4', '1000'], folded.state))) as { state: unknown };
    expect(await fn.invoke(windowEvent([], second.state, true))).toEqual({
      state: {},
      batchItemFailures: [],
    });

    const stored = await statistics('PutMetricDataExample', [TYPE]);
    // 5 and 6 from the batch outside the window; the window's six values in one publication.
    expect(stored).toMatchObject({
      SampleCount: 8,
      Sum: 5 + 6 + 1 + 2 + 3 + 2 + 4 + 1000,
      Minimum: 1,
      Maximum: 1000,
    });
    const logs = logLines(fn.output().stdout);
    expect(logs.filter((line) => line.message === 'window batch folded')).toHaveLength(2);
    // Six records, five distinct values (2 twice): one request.
    expect(logs.find((line) => line.message === 'window published')).toMatchObject({
      records: 6,
      values: 5,
      requests: 1,
    });
  });

  it('METRICS: the mapped decoder loads on the first invocation and reads each metric with its dimensions', async () => {
    const metrics = { Dimensions: [['route']], Metrics: [{ Name: 'latencyMs', Unit: 'Milliseconds' }] };
    const fn = startFromZip(environment({ METRICS: JSON.stringify(metrics) }));
    await fn.ready;
    const payloads = [
      '{"route":"/buy","latencyMs":12.5}',
      '{"route":"/buy","latencyMs":7}',
      '{"route":"/home","latencyMs":3}',
    ];
    const event = lambdaEventFromRecords(records(payloads));
    expect(await fn.invoke(event)).toEqual({ batchItemFailures: [] });
    // Loaded once: the next invocation uses the same decoder.
    expect(await fn.invoke(lambdaEventFromRecords(records(['{"route":"/home","latencyMs":4}'])))).toEqual({
      batchItemFailures: [],
    });

    const route = (value: string) => [{ Name: 'route', Value: value }, TYPE];
    expect(await statistics('latencyMs', route('/buy'))).toMatchObject({
      SampleCount: 2,
      Sum: 19.5,
      Minimum: 7,
      Maximum: 12.5,
    });
    expect(await statistics('latencyMs', route('/home'))).toMatchObject({ SampleCount: 2, Sum: 7 });
  });

  it('a tumbling window with METRICS: the window loads the mapped decoder too', async () => {
    const metrics = { Dimensions: [['route']], Metrics: [{ Name: 'latencyMs', Unit: 'Milliseconds' }] };
    const fn = startFromZip(environment({ METRICS: JSON.stringify(metrics) }));
    await fn.ready;
    const folded = (await fn.invoke(
      windowEvent(['{"route":"/buy","latencyMs":10}', '{"route":"/buy","latencyMs":30}'], {}),
    )) as { state: unknown; batchItemFailures: unknown[] };
    expect(folded.batchItemFailures).toEqual([]);
    expect(await fn.invoke(windowEvent([], folded.state, true))).toEqual({
      state: {},
      batchItemFailures: [],
    });
    expect(await statistics('latencyMs', [{ Name: 'route', Value: '/buy' }, TYPE])).toMatchObject({
      SampleCount: 2,
      Sum: 40,
    });
  });

  it('VALUE_FIELD and KPL: the readers load on the first invocation, deaggregation with the first aggregate', async () => {
    const fn = startFromZip(environment({ VALUE_FIELD: 'v' }));
    await fn.ready;
    expect(await fn.invoke(lambdaEventFromRecords(records(['{"v":5}', '{"v":"x"}'])))).toEqual({
      batchItemFailures: [],
    });
    expect(await fn.invoke(lambdaEventFromRecords(records(['{"v":6}', KPL_AGGREGATE])))).toEqual({
      batchItemFailures: [],
    });
    expect(await statistics('PutMetricDataExample', [TYPE])).toMatchObject({
      SampleCount: 5,
      Sum: 5 + 6 + 1 + 2.5 + 40,
      Minimum: 1,
      Maximum: 40,
    });
    expect(await statistics('InvalidRecords', [TYPE])).toMatchObject({ Sum: 1 });
  });

  it('bare numbers: the full decode loads with the first batch holding a record the fast path does not read', async () => {
    const fn = startFromZip(environment());
    await fn.ready;
    expect(await fn.invoke(lambdaEventFromRecords(records(['1', '2'])))).toEqual({ batchItemFailures: [] });
    expect(await fn.invoke(lambdaEventFromRecords(records(['3', 'three', '4e1'])))).toEqual({
      batchItemFailures: [],
    });
    expect(await statistics('PutMetricDataExample', [TYPE])).toMatchObject({
      SampleCount: 4,
      Sum: 1 + 2 + 3 + 40,
      Minimum: 1,
      Maximum: 40,
    });
    expect(await statistics('InvalidRecords', [TYPE])).toMatchObject({ Sum: 1 });
  });

  it('METRICS with its checks missing from the package stops the cold start with the reason', async () => {
    const metrics = environment({ METRICS: '{"Metrics":[{"Name":"v"}]}' });
    const fn = startFromZip(metrics, /^chunks\/optional-parts-.*\.mjs$/);
    await expect(fn.ready).rejects.toThrow(/LazyLoadError: could not load the code for the METRICS checks/);
  });

  it('a chunk missing from the package is a clear error in the log and a retry, not a hang', async () => {
    // Deployed without the window's chunk: the cold start and the default path do not need it.
    const fn = startFromZip(environment(), /^chunks\/windowed-handler-.*\.mjs$/);
    await fn.ready;
    expect(await fn.invoke(lambdaEventFromRecords(records(['1'])))).toEqual({ batchItemFailures: [] });
    const given = { some: 'state' };
    const answer = await fn.invoke(windowEvent(['1', '2'], given));
    // The state it was given, and the batch again from its first record.
    expect(answer).toEqual({ state: given, batchItemFailures: [{ itemIdentifier: String(10 ** 20) }] });
    const error = logLines(fn.output().stdout).find((line) => line.level === 'ERROR');
    expect(error?.error).toMatch(
      /^LazyLoadError: could not load the code for tumbling windows \(.*windowed-handler/,
    );
    expect(error?.error).toContain('chunks/ included');
  });
});
