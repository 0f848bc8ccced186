/**
 * The mapping's promise, as a property: for any mapping and any generated events (missing fields, wrong types,
 * escapes, nested paths, dimension values CloudWatch refuses: non-ASCII, control characters, blank, over 1,024
 * characters), the statistics per (metric, dimensions) read back from @cwagg/cloudwatch-local equal those of
 * publishing every acceptable value alone, and every other value is counted with its reason. Both handlers,
 * over HTTP; what to expect is decided by an oracle written from the rules, not by the code under test.
 */
import { sameSum } from '@cwagg/cloudwatch-local';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TYPE_BY_KIND } from '../src/index.js';
import { eventOf } from './support/fixtures.js';
import { handlerFor, useCloudWatchLocal } from './support/local-handlers.js';
import { expectedOf, metricKey, type OracleMapping } from './support/mapping-oracle.js';
import { readNamespace } from './support/read-all.js';

const cloudwatch = useCloudWatchLocal({ resetBeforeEach: false });

const METRICS = [
  { name: 'latencyMs', path: ['latencyMs'] },
  { name: 'Latency', path: ['timing', 'ms'] },
  { name: 'bytes', path: ['bytes'] },
  { name: 'dotted', path: ['a.b'] },
];
const DIMENSIONS = [
  { name: 'route', path: ['route'], cap: 100 },
  { name: 'Route', path: ['req', 'route'], cap: 3 },
  { name: 'status', path: ['status'], cap: 100 },
  { name: 'requestId', path: ['requestId'], cap: 4 },
  { name: 'region', path: ['region'], cap: 3, allowed: ['eu', 'us'] },
];

const aMapping: fc.Arbitrary<OracleMapping> = fc
  .tuple(
    fc.subarray(METRICS, { minLength: 1, maxLength: 3 }),
    fc.subarray(DIMENSIONS, { maxLength: 3 }),
    fc.array(fc.array(fc.nat({ max: 2 }), { maxLength: 3 }), { minLength: 1, maxLength: 3 }),
  )
  .map(([metrics, dimensions, sets]) => {
    const unique = new Map<string, number[]>();
    for (const set of sets) {
      const indexes = [...new Set(set.filter((d) => d < dimensions.length))].sort();
      unique.set(indexes.join(), indexes);
    }
    return { metrics, dimensions, sets: [...unique.values()] };
  });

/** The METRICS the handlers are given for a mapping: the same thing, in the directive's own words. */
function directiveOf(mapping: OracleMapping) {
  return {
    Dimensions: mapping.sets.map((set) => set.map((d) => mapping.dimensions[d]?.name as string)),
    Metrics: mapping.metrics.map(({ name, path }) => ({ Name: name, Path: path })),
    DimensionOptions: Object.fromEntries(
      mapping.dimensions
        .filter((_, d) => mapping.sets.some((set) => set.includes(d)))
        .map(({ name, path, cap, allowed }) => [
          name,
          { Path: path, MaxValues: cap, ...(allowed ? { AllowedValues: allowed } : {}) },
        ]),
    ),
  };
}

const aNumber = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }),
  fc.constantFrom(-0, 1e200, -1e300, 5e-324),
);
const aMetricValue = fc.oneof(
  { weight: 6, arbitrary: aNumber },
  { weight: 1, arbitrary: fc.array(aNumber, { maxLength: 4 }) },
  { weight: 1, arbitrary: fc.constantFrom('12', null, true, { ms: 1 }, [1, 'x'], Array(101).fill(1)) },
);
const aDimensionValue = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('/buy', '/cart', '/a/b?c=1', 'eu', 'us', 'apac', '200', 'x') },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 600 }) },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '',
      '   ',
      'caf\u00e9',
      'a\u0001b',
      'tab\there',
      'x'.repeat(1025),
      'y'.repeat(1024),
      -0,
      1e21,
    ),
  },
  { weight: 1, arbitrary: fc.constantFrom(null, false, [], { x: 1 }) },
);
const maybe = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined, freq: 3 });

const anEvent = fc
  .record({
    latencyMs: maybe(aMetricValue),
    timing: maybe(fc.oneof(fc.record({ ms: maybe(aMetricValue) }), aMetricValue)),
    bytes: maybe(aMetricValue),
    'a.b': maybe(aMetricValue),
    route: maybe(aDimensionValue),
    req: maybe(fc.record({ route: maybe(aDimensionValue) })),
    status: maybe(aDimensionValue),
    requestId: maybe(fc.string({ minLength: 1, maxLength: 6, unit: fc.constantFrom('a', 'b', 'c', '1') })),
    region: maybe(aDimensionValue),
  })
  .map((event) => JSON.parse(JSON.stringify(event)) as Record<string, unknown>);

/** The event's JSON, sometimes written with escapes JSON.stringify never uses, and with numbers in odd forms. */
const aPayload = fc.tuple(anEvent, fc.nat({ max: 3 })).map(([event, style]) => {
  let text = JSON.stringify(event, (_key, value) => (Object.is(value, -0) ? '__MINUS_ZERO__' : value));
  text = text.replaceAll('"__MINUS_ZERO__"', '-0');
  if (style === 1) text = text.replaceAll('u', '\\u0075').replaceAll('/', '\\/'); // keys and values alike
  if (style === 2) text = text.replaceAll(':1e+200', ':1E200').replaceAll(',', ' ,\n\t');
  if (style === 3) text = text.replace(/:(-?\d+)(?=[,}])/g, ':$1.0e0');
  return text;
});

/** Mostly events, a few records that are not JSON objects; long enough for the caps to fold. */
const aBatch = fc.array(
  fc.oneof(
    { weight: 9, arbitrary: aPayload },
    { weight: 1, arbitrary: fc.constantFrom('', 'nope', '[]', '7') },
  ),
  { maxLength: 25, size: 'medium' },
);

describe('any mapping, any events', () => {
  it('reads back per (metric, dimensions) what every acceptable value sent alone gives; counts the rest by reason', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(aMapping, aBatch, async (mapping, payloads) => {
        cloudwatch.reset();
        run++;
        const event = eventOf(payloads);
        for (const kind of ['aggregated', 'single'] as const) {
          const { handler, client } = handlerFor(kind, cloudwatch.endpoint, {
            LOG_LEVEL: 'silent',
            METRICS: JSON.stringify(directiveOf(mapping)),
          });
          expect(await handler(event)).toEqual({ batchItemFailures: [] });
          client.destroy();
        }
        const read = await readNamespace(cloudwatch.endpoint, 'PutMetricDataExample');
        for (const kind of ['aggregated', 'single'] as const) {
          const type = { Type: TYPE_BY_KIND[kind] };
          const expected = expectedOf(mapping, payloads, type);
          const mapped = [...read.keys()].filter(
            (key) => key.endsWith(`Type=${type.Type}}`) || key.includes(`Type=${type.Type},`),
          );
          const own = ['PutMetricDataCalls{', 'InvalidRecords{', 'InvalidValues{', 'FoldedValues{'];
          expect(mapped.filter((key) => !own.some((prefix) => key.startsWith(prefix))).sort()).toEqual(
            [...expected.published.keys()].sort(),
          );
          for (const [key, values] of expected.published) {
            const stats = read.get(key);
            const normal = values.map((value) => value + 0); // CloudWatch has no -0
            expect({ ...stats, Sum: 0 }, `${kind} ${key}`).toEqual({
              SampleCount: normal.length,
              Sum: 0,
              Minimum: Math.min(...normal),
              Maximum: Math.max(...normal),
            });
            expect(
              sameSum(
                stats?.Sum ?? Number.NaN,
                normal.reduce((sum, v) => sum + v, 0),
              ),
              key,
            ).toBe(true);
          }
          const counted = (name: string, dimension: string, value: string) =>
            read.get(metricKey(name, { ...type, [dimension]: value }))?.Sum ?? 0;
          for (const reason of [
            'MissingField',
            'NotANumber',
            'OutOfRange',
            'TooManyValues',
            'MissingDimension',
            'BadDimension',
          ]) {
            expect(counted('InvalidValues', 'Reason', reason), `${kind} ${reason}`).toBe(
              expected.invalidValues.get(reason) ?? 0,
            );
          }
          for (const { name } of mapping.dimensions) {
            expect(counted('FoldedValues', 'Dimension', name), `${kind} folded ${name}`).toBe(
              expected.folded.get(name) ?? 0,
            );
          }
          expect(read.get(metricKey('InvalidRecords', type))?.Sum ?? 0).toBe(expected.invalidRecords);
        }
      }),
      { numRuns: 40 },
    );
    expect(run).toBe(40);
  });
});
