/**
 * Records read with a mapping: the fast path and the full parse give the same batch (values, series, what is
 * set aside and folded, invalid records) on adversarial records; partial records publish what they hold; and
 * the counts add up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type DecodedBatch, loadHandlerConfig, MappedDecoder, releaseBatch } from '../../src/index.js';
import { MAX_KEPT_DEFINITIONS } from '../../src/mapping/mapped-reader.js';
import { jsonBytes, KEYS } from '../support/adversarial-json.js';
import { recordsOfValues, timesOfValues } from '../support/decoded-batch.js';
import { ARRIVAL, eventOf, kplAggregates } from '../support/fixtures.js';

function decoder(
  metrics: unknown,
  fast: boolean,
  extra: Record<string, string> = {},
  rememberCombinations = true,
): MappedDecoder {
  const config = loadHandlerConfig('aggregated', { METRICS: JSON.stringify(metrics), ...extra });
  return new MappedDecoder({
    namespace: config.namespace,
    metric: config.metric,
    parse: {},
    ...(config.mapping ? { mapping: config.mapping } : {}),
    ...(config.recordDirectiveNamespaces
      ? { recordDirectiveNamespaces: config.recordDirectiveNamespaces }
      : {}),
    jsonFastPath: fast,
    rememberCombinations,
  });
}

/** A batch as plain data, -0 told apart from 0. */
function plain(batch: DecodedBatch) {
  const n = batch.valueCount;
  return {
    values: Array.from(batch.values.subarray(0, n), (v) => (Object.is(v, -0) ? '-0' : v)),
    timestamps: timesOfValues(batch),
    records: recordsOfValues(batch),
    recordFirstValue: Array.from(batch.recordFirstValue),
    invalid: batch.invalid,
    valueSeries: Array.from(batch.mapped?.valueSeries.subarray(0, n) ?? []),
    series: batch.mapped?.series,
    setAside: batch.mapped?.setAside,
    folded: batch.mapped?.folded,
    foldReport: batch.mapped?.foldReport,
  };
}

const aPath = fc.array(fc.constantFrom(...KEYS.filter((k) => k !== '')), { minLength: 1, maxLength: 2 });
/** Mappings over the adversarial records' keys: renamed and nested paths, small caps so that values fold. */
const aMapping = fc
  .record({
    metrics: fc.uniqueArray(fc.tuple(fc.constantFrom('M1', 'M2', 'M3'), aPath), {
      minLength: 1,
      maxLength: 3,
      selector: ([name]) => name,
    }),
    dimensions: fc.uniqueArray(fc.tuple(fc.constantFrom('D1', 'D2', 'D3'), aPath), {
      maxLength: 3,
      selector: ([name]) => name,
    }),
    cap: fc.integer({ min: 1, max: 4 }),
  })
  .map(({ metrics, dimensions, cap }) => ({
    Dimensions: [[], ...dimensions.map(([name]) => [name]), dimensions.map(([name]) => name)].filter(
      (set, i, all) => all.findIndex((other) => other.join() === set.join()) === i,
    ),
    Metrics: metrics.map(([Name, path]) => ({ Name, Path: path })),
    DimensionOptions: Object.fromEntries(
      dimensions.map(([name, path]) => [name, { Path: path, MaxValues: cap }]),
    ),
  }));

describe('MappedDecoder', () => {
  it('gives the same batch with the fast path as with the full parse, on adversarial records', () => {
    fc.assert(
      fc.property(
        aMapping,
        fc.array(jsonBytes, { maxLength: 30 }),
        fc.boolean(),
        (mapping, payloads, embedded) => {
          const extra: Record<string, string> = embedded ? { RECORD_DIRECTIVE_NAMESPACES: 'Emf' } : {};
          const event = eventOf(payloads);
          const fast = decoder(mapping, true, extra).decode(event.Records, () => ARRIVAL);
          const full = decoder(mapping, false, extra).decode(event.Records, () => ARRIVAL);
          expect(plain(fast)).toEqual(plain(full));
        },
      ),
      { numRuns: 1_500 },
    );
  });

  it('gives the same batch whether it remembers combinations of dimension values or resolves each again', () => {
    fc.assert(
      fc.property(
        aMapping,
        // Each record three times, in any order: combinations come back, before and after values fold.
        fc
          .array(jsonBytes, { maxLength: 12 })
          .chain((payloads) =>
            fc.shuffledSubarray([...payloads, ...payloads, ...payloads], { minLength: 3 * payloads.length }),
          ),
        (mapping, payloads) => {
          const remembering = decoder(mapping, true, {}, true);
          const forgetting = decoder(mapping, true, {}, false);
          // Twice each: the second batch must not reuse what the first remembered.
          for (const records of [eventOf(payloads).Records, eventOf(payloads.slice(1)).Records]) {
            const once = remembering.decode(records, () => ARRIVAL);
            const again = forgetting.decode(records, () => ARRIVAL);
            expect(plain(once)).toEqual(plain(again));
          }
        },
      ),
      { numRuns: 1_000 },
    );
  });

  const EXAMPLE = {
    Dimensions: [['route'], ['route', 'status']],
    Metrics: [
      { Name: 'latencyMs', Unit: 'Milliseconds' },
      { Name: 'bytes', Unit: 'Bytes' },
    ],
  };

  it('publishes each value under each dimension set, a number dimension as its text', () => {
    const batch = decoder(EXAMPLE, true).decode(
      eventOf([
        '{"service":"shop","route":"/buy","status":200,"latencyMs":12.5,"bytes":5120,"requestId":"9f1c"}',
      ]).Records,
    );
    expect(plain(batch).values).toEqual([12.5, 12.5, 5120, 5120]);
    expect(batch.mapped?.series.map(({ namespace, definition }) => [namespace, definition])).toEqual([
      [
        'PutMetricDataExample',
        {
          name: 'latencyMs',
          unit: 'Milliseconds',
          dimensions: { Type: 'PutMetricDataValuesAndCounts', route: '/buy' },
        },
      ],
      [
        'PutMetricDataExample',
        {
          name: 'latencyMs',
          unit: 'Milliseconds',
          dimensions: { Type: 'PutMetricDataValuesAndCounts', route: '/buy', status: '200' },
        },
      ],
      [
        'PutMetricDataExample',
        { name: 'bytes', unit: 'Bytes', dimensions: { Type: 'PutMetricDataValuesAndCounts', route: '/buy' } },
      ],
      [
        'PutMetricDataExample',
        {
          name: 'bytes',
          unit: 'Bytes',
          dimensions: { Type: 'PutMetricDataValuesAndCounts', route: '/buy', status: '200' },
        },
      ],
    ]);
  });

  it('keeps a dimension named __proto__ as a dimension, on the fast path and the full parse', () => {
    const mapping = { Dimensions: [['__proto__']], Metrics: [{ Name: 'latencyMs' }] };
    for (const fast of [true, false]) {
      const batch = decoder(mapping, fast).decode(eventOf(['{"__proto__":"/buy","latencyMs":3}']).Records);
      const dimensions = batch.mapped?.series[0]?.definition.dimensions;
      expect(Object.entries(dimensions ?? {})).toEqual([
        ['Type', 'PutMetricDataValuesAndCounts'],
        ['__proto__', '/buy'],
      ]);
      expect(Object.getPrototypeOf(dimensions)).toBe(Object.prototype);
    }
  });

  it('publishes what a partial record holds and sets the rest aside, per value and dimension set', () => {
    const batch = decoder(EXAMPLE, true).decode(
      eventOf([
        '{"route":"/buy","latencyMs":7,"bytes":"big"}', // no status; bytes not a number
        '{"status":500,"latencyMs":[1,2],"bytes":1e400}', // no route; bytes out of range
        '{}',
        'not json',
        '["an","array"]',
      ]).Records,
    );
    expect(plain(batch).values).toEqual([7]);
    expect(batch.mapped?.setAside.map(({ recordIndex, reason }) => `${recordIndex} ${reason}`)).toEqual([
      '0 MissingDimension',
      '0 NotANumber',
      '0 NotANumber',
      '1 MissingDimension',
      '1 MissingDimension',
      '1 MissingDimension',
      '1 MissingDimension',
      '1 OutOfRange',
      '1 OutOfRange',
      '2 MissingField',
      '2 MissingField',
      '2 MissingField',
      '2 MissingField',
    ]);
    expect(batch.mapped?.setAside[0]?.detail).toBe('dimension "status" is missing');
    expect(batch.mapped?.setAside[7]?.detail).toBe(
      `field "bytes" holds Infinity, outside CloudWatch's range of -2^360..2^360`,
    );
    expect(batch.invalid.map(({ recordIndex, reason }) => [recordIndex, reason])).toEqual([
      [3, 'payload "not json" is not JSON'],
      [4, 'payload "[\\"an\\",\\"array\\"]" is not a JSON object'],
    ]);
  });

  it('folds a dimension past its cap into its overflow value, and counts each folded value', () => {
    const mapping = { Dimensions: [['requestId']], Metrics: [{ Name: 'v' }] };
    const payloads = Array.from({ length: 10_000 }, (_, i) =>
      JSON.stringify({ requestId: `r-${i}`, v: i % 7 }),
    );
    const batch = decoder(mapping, true).decode(eventOf(payloads).Records);
    const values = new Set(batch.mapped?.series.map(({ definition }) => definition.dimensions?.requestId));
    expect(values.size).toBe(100);
    expect(values.has('Other')).toBe(true);
    expect(batch.mapped?.folded).toHaveLength(10_000 - 99);
    expect(batch.mapped?.foldReport).toEqual([
      {
        namespace: 'PutMetricDataExample',
        dimension: 'requestId',
        overflow: 'Other',
        sample: ['r-99', 'r-100', 'r-101', 'r-102', 'r-103'],
      },
    ]);
  });

  it('folds the same way each time the same batch is decoded, and afresh for each batch', () => {
    const mapping = {
      Dimensions: [['route']],
      Metrics: [{ Name: 'v' }],
      DimensionOptions: { route: { MaxValues: 2 } },
    };
    const reader = decoder(mapping, true);
    const first = eventOf(['{"route":"/a","v":1}', '{"route":"/b","v":1}', '{"route":"/c","v":1}']).Records;
    const once = plain(reader.decode(first));
    expect(plain(reader.decode(first))).toEqual(once);
    expect(once.series?.map(({ definition }) => definition.dimensions?.route)).toEqual(['/a', 'Other']);
    const later = plain(reader.decode(first.slice(1)));
    expect(later.series?.map(({ definition }) => definition.dimensions?.route)).toEqual(['/b', 'Other']);
  });

  it('hands the same frozen definition to every invocation meeting the same series, up to its bound', () => {
    const reader = decoder(
      { Dimensions: [['route']], Metrics: [{ Name: 'v' }], DimensionOptions: { route: { MaxValues: 1000 } } },
      true,
    );
    const records = (routes: string[]) =>
      eventOf(routes.map((route) => `{"route":"${route}","v":1}`)).Records;
    const definitionOf = (batch: DecodedBatch, route: string) =>
      batch.mapped?.series.find(({ definition }) => definition.dimensions?.route === route)?.definition;
    const first = definitionOf(reader.decode(records(['/a', '/b'])), '/a');
    expect(first).toEqual({ name: 'v', dimensions: { Type: 'PutMetricDataValuesAndCounts', route: '/a' } });
    expect(Object.isFrozen(first) && Object.isFrozen(first?.dimensions)).toBe(true);
    // Another invocation, another order, the same series: the same object, which the aggregator knows.
    expect(definitionOf(reader.decode(records(['/c', '/a'])), '/a')).toBe(first);
    // Past the bound the kept definitions start over: equal, but made afresh.
    for (let i = 0; i < MAX_KEPT_DEFINITIONS; i += 500) {
      reader.decode(records(Array.from({ length: 500 }, (_, k) => `/r${i + k}`)));
    }
    const again = definitionOf(reader.decode(records(['/a'])), '/a');
    expect(again).toEqual(first);
    expect(again).not.toBe(first);
  });

  it('reads KPL aggregates of events, record by record', async () => {
    const [kpl] = await kplAggregates([
      ['{"route":"/a","latencyMs":1,"bytes":2}', 'oops', '{"route":"/b","latencyMs":3}'],
    ]);
    const batch = decoder(EXAMPLE, true).decode(eventOf([kpl as Uint8Array]).Records);
    expect(plain(batch).values).toEqual([1, 2, 3]);
    expect(batch.invalid).toEqual([
      expect.objectContaining({ recordIndex: 0, subSequenceNumber: 1, reason: 'payload "oops" is not JSON' }),
    ]);
  });

  it('reuses a released batch’s columns for the next batch, which reads the same as with columns of its own', () => {
    const mapping = {
      Dimensions: [['route']],
      Metrics: [{ Name: 'latencyMs' }, { Name: 'bytes' }],
    };
    fc.assert(
      fc.property(fc.array(jsonBytes, { maxLength: 30 }), fc.array(jsonBytes, { maxLength: 30 }), (a, b) => {
        const reusing = decoder(mapping, true);
        const first = reusing.decode(eventOf(a).Records, () => ARRIVAL);
        const columns = first.values.buffer;
        const records = first.recordFirstValue.buffer;
        releaseBatch(first);
        const second = reusing.decode(eventOf(b).Records, () => ARRIVAL + 1);
        const alone = decoder(mapping, true).decode(eventOf(b).Records, () => ARRIVAL + 1);
        expect(plain(second)).toEqual(plain(alone));
        // Taken once: a batch not released leaves the next one to make its own.
        const third = reusing.decode(eventOf(b).Records, () => ARRIVAL + 1);
        expect(plain(third)).toEqual(plain(alone));
        if (second.values.length <= first.values.length) {
          expect(second.values.buffer).toBe(columns);
          expect(second.mapped?.valueSeries.buffer).toBe(columns);
          expect(third.values.buffer).not.toBe(columns);
        }
        if (b.length <= a.length) expect(second.recordFirstValue.buffer).toBe(records);
        releaseBatch(third);
        releaseBatch(second);
      }),
      { numRuns: 200 },
    );
  });
});
