/**
 * Packing on its own: datums of any shape (adversarial numbers, many dimensions, escaped and multi-byte
 * strings) packed into requests. Sizes are checked against the JSON body built here and against the body the
 * AWS SDK serializes; counts and bytes against CloudWatch's limits; and no datum may be lost, duplicated or
 * moved.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { datumBytes, envelopeBytes, type PackingLimits, packRequests } from '../src/index.js';
import {
  MAX_DATUMS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_VALUE_MAGNITUDE,
  MAX_VALUES_PER_DATUM,
} from '../src/limits/index.js';
import { type DatumShape, datumsFor, type SizedDatums } from '../src/packing.js';
import type { MetricDatum, PutMetricDataRequest } from '../src/types.js';
import type { StoreEntries } from '../src/value-stores.js';
import { sdkBodyBytes, wireJson } from './support/sdk-wire.js';

const bodyBytes = (request: PutMetricDataRequest) => Buffer.byteLength(wireJson(request));

/** Numbers whose JSON is unusual: -0 (written 0), the smallest subnormal, the range's ends, long fractions. */
const adversarialNumber = fc.constantFrom(
  -0,
  0,
  Number.MIN_VALUE,
  -Number.MIN_VALUE,
  1e-300,
  MAX_VALUE_MAGNITUDE,
  -MAX_VALUE_MAGNITUDE,
  Number.MAX_SAFE_INTEGER,
  1 / 3,
  -123456789.123456,
  1e21,
  1e-7,
);
const aNumber = fc.oneof(
  adversarialNumber,
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double({ min: -MAX_VALUE_MAGNITUDE, max: MAX_VALUE_MAGNITUDE, noNaN: true }),
);
/** Strings JSON must escape or encode in several bytes: quotes, backslashes, control characters, emoji. */
const aString = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.string({
    unit: fc.constantFrom('"', '\\', '\n', '\u0001', 'é', '€', '😀', 'a'),
    minLength: 1,
    maxLength: 12,
  }),
);
const aDatum: fc.Arbitrary<MetricDatum> = fc
  .record(
    {
      MetricName: aString,
      // Up to 30 dimensions, CloudWatch's limit: the "many dimensions" case.
      Dimensions: fc.array(fc.record({ Name: aString, Value: aString }), { maxLength: 30 }),
      Timestamp: fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => new Date(ms)),
      Values: fc.array(aNumber, { minLength: 1, maxLength: 20 }),
      Counts: fc.array(
        fc.oneof(
          fc.constant(1),
          fc.integer({ min: 1, max: 1e9 }),
          fc.double({ min: 1e-3, max: 1e12, noNaN: true }),
        ),
        {
          minLength: 1,
          maxLength: 20,
        },
      ),
      StatisticValues: fc.record({ SampleCount: aNumber, Sum: aNumber, Minimum: aNumber, Maximum: aNumber }),
      Unit: fc.constantFrom('Milliseconds' as const, 'Count/Second' as const),
      StorageResolution: fc.constant(1),
    },
    { requiredKeys: ['MetricName', 'Timestamp', 'Values', 'StatisticValues'] },
  )
  .map((datum) => ({
    ...datum,
    ...(datum.Counts ? { Counts: datum.Counts.slice(0, datum.Values.length) } : {}),
  }));
const aNamespace = fc.oneof(fc.constantFrom('Shop', 'A'), aString);

/** Limits that make small inputs split, but always leave room for the largest datum. */
function limitsFor(
  namespace: string,
  datums: readonly MetricDatum[],
  spare: number,
  maxDatums: number,
): PackingLimits {
  const largest = Math.max(0, ...datums.map(datumBytes));
  return {
    maxDatumsPerRequest: maxDatums,
    maxRequestBytes: Math.min(MAX_REQUEST_BYTES, envelopeBytes(namespace) + largest + spare),
  };
}

describe('packRequests', () => {
  it('measures every request to the byte of its JSON 1.0 body, within the limits, every datum once, in order', () => {
    fc.assert(
      fc.property(
        aNamespace,
        fc.array(aDatum, { maxLength: 40 }),
        fc.integer({ min: 0, max: 20_000 }),
        fc.integer({ min: 1, max: MAX_DATUMS_PER_REQUEST }),
        (namespace, datums, spare, maxDatums) => {
          const limits = limitsFor(namespace, datums, spare, maxDatums);
          const { requests, requestBytes } = packRequests(namespace, datums, limits);
          expect(requestBytes).toEqual(requests.map(bodyBytes));
          for (const [i, request] of requests.entries()) {
            expect(request.Namespace).toBe(namespace);
            expect(request.MetricData.length).toBeGreaterThan(0);
            expect(request.MetricData.length).toBeLessThanOrEqual(maxDatums);
            expect(requestBytes[i]).toBeLessThanOrEqual(limits.maxRequestBytes as number);
          }
          // The same datum objects, each once, in the order given.
          const packed = requests.flatMap((request) => request.MetricData);
          expect(packed).toHaveLength(datums.length);
          for (const [i, datum] of packed.entries()) expect(datum).toBe(datums[i]);
        },
      ),
    );
  });

  it('starts a new request only when the next datum does not fit: no fewer requests keep the order', () => {
    fc.assert(
      fc.property(
        aNamespace,
        fc.array(aDatum, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 0, max: 5_000 }),
        fc.integer({ min: 1, max: 8 }),
        (namespace, datums, spare, maxDatums) => {
          const limits = limitsFor(namespace, datums, spare, maxDatums);
          const { requests, requestBytes } = packRequests(namespace, datums, limits);
          for (let i = 0; i + 1 < requests.length; i++) {
            const next = (requests[i + 1] as PutMetricDataRequest).MetricData[0] as MetricDatum;
            const full = (requests[i] as PutMetricDataRequest).MetricData.length === maxDatums;
            // A comma joins the next datum to the previous ones.
            const overflows =
              (requestBytes[i] as number) + 1 + datumBytes(next) > (limits.maxRequestBytes as number);
            expect(full || overflows).toBe(true);
          }
        },
      ),
    );
  });

  it('agrees with the bytes the AWS SDK itself serializes', async () => {
    await fc.assert(
      fc.asyncProperty(
        aNamespace,
        fc.array(aDatum, { minLength: 1, maxLength: 6 }),
        async (namespace, datums) => {
          const { requests, requestBytes } = packRequests(namespace, datums, { maxDatumsPerRequest: 3 });
          for (const [i, request] of requests.entries()) {
            expect(requestBytes[i]).toBe(await sdkBodyBytes(request));
          }
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives the same requests when the datum sizes are passed in', () => {
    fc.assert(
      fc.property(
        fc.array(aDatum, { maxLength: 20 }),
        fc.integer({ min: 1, max: 5 }),
        (datums, maxDatums) => {
          const limits = limitsFor('Shop', datums, 3_000, maxDatums);
          expect(packRequests('Shop', datums, limits, datums.map(datumBytes))).toEqual(
            packRequests('Shop', datums, limits),
          );
        },
      ),
    );
  });

  it('holds CloudWatch’s 1000 datums per request by default', () => {
    const tiny = (i: number): MetricDatum => ({
      MetricName: 'M',
      Timestamp: new Date(0),
      Values: [i],
      StatisticValues: { SampleCount: 1, Sum: i, Minimum: i, Maximum: i },
    });
    const { requests } = packRequests(
      'Shop',
      Array.from({ length: 2_500 }, (_, i) => tiny(i)),
    );
    expect(requests.map((request) => request.MetricData.length)).toEqual([1000, 1000, 500]);
  });

  it('holds CloudWatch’s 1,000,000 bytes per request by default', () => {
    // 150 values of 17 significant digits: about 3.5 KB a datum, so 1000 datums cannot fit one request.
    const wide = (i: number): MetricDatum => {
      const values = Array.from({ length: MAX_VALUES_PER_DATUM }, (_, k) => (i * 1000 + k) / 7 + 0.1);
      return {
        MetricName: 'Latency',
        Timestamp: new Date(0),
        Values: values,
        StatisticValues: { SampleCount: values.length, Sum: 1, Minimum: 0, Maximum: 1 },
      };
    };
    const datums = Array.from({ length: 1000 }, (_, i) => wide(i));
    const { requests, requestBytes } = packRequests('Shop', datums);
    expect(requests.length).toBeGreaterThan(1);
    for (const bytes of requestBytes) expect(bytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
    expect(requestBytes).toEqual(requests.map(bodyBytes));
  });

  it('throws for a datum that no request could hold, rather than send a request CloudWatch would reject', () => {
    const datum: MetricDatum = {
      MetricName: 'M',
      Timestamp: new Date(0),
      Values: [1],
      StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
    };
    const fits = envelopeBytes('Shop') + datumBytes(datum);
    expect(packRequests('Shop', [datum], { maxRequestBytes: fits }).requests).toHaveLength(1);
    expect(() => packRequests('Shop', [datum], { maxRequestBytes: fits - 1 })).toThrow(RangeError);
  });

  it('packs nothing into no requests', () => {
    expect(packRequests('Shop', [])).toEqual({ requests: [], requestBytes: [] });
  });
});

describe('datumBytes and envelopeBytes', () => {
  it('are the bytes the datum adds to a body, and the bytes of a body without datums', () => {
    fc.assert(
      fc.property(aNamespace, fc.array(aDatum, { minLength: 1, maxLength: 5 }), (namespace, datums) => {
        const request = { Namespace: namespace, MetricData: datums };
        const commas = datums.length - 1;
        const parts =
          envelopeBytes(namespace) + datums.reduce((sum, datum) => sum + datumBytes(datum), 0) + commas;
        expect(parts).toBe(bodyBytes(request));
        expect(envelopeBytes(namespace)).toBe(bodyBytes({ Namespace: namespace, MetricData: [] }));
      }),
    );
  });

  it('match the SDK for an empty request and a lone datum', async () => {
    await fc.assert(
      fc.asyncProperty(aNamespace, aDatum, async (namespace, datum) => {
        expect(envelopeBytes(namespace)).toBe(await sdkBodyBytes({ Namespace: namespace, MetricData: [] }));
        expect(envelopeBytes(namespace) + datumBytes(datum)).toBe(
          await sdkBodyBytes({ Namespace: namespace, MetricData: [datum] }),
        );
      }),
      { numRuns: 60 },
    );
  });
});

describe('datumsFor', () => {
  /** Sorted, distinct values with their counts, as a value store hands them over. */
  const anEntryList = fc
    .uniqueArray(fc.oneof(adversarialNumber, fc.double({ min: -1e12, max: 1e12, noNaN: true })), {
      minLength: 1,
      maxLength: 400,
      comparator: (a, b) => a + 0 === b + 0,
    })
    .chain((values) =>
      fc.tuple(
        fc.constant(values.map((value) => value + 0).sort((a, b) => a - b)),
        fc.array(fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 1000 })), {
          minLength: values.length,
          maxLength: values.length,
        }),
      ),
    );

  /** As the exact store reports them (sums from the values), or with every statistic kept apart. */
  function entries(values: number[], counts: number[], apart: boolean): StoreEntries {
    if (!apart) return { values: [...values], counts: [...counts] };
    return {
      values: [...values],
      counts: [...counts],
      sums: values.map((value, i) => value * (counts[i] as number)),
      mins: [...values],
      maxs: [...values],
    };
  }

  it('cuts entries into datums of at most 150 values, sized exactly, keeping every count and exact statistics', () => {
    fc.assert(
      fc.property(
        anEntryList,
        fc.array(fc.record({ Name: aString, Value: aString }), { maxLength: 30 }),
        fc.integer({ min: 0, max: 4_102_444_800 }),
        fc.boolean(),
        ([values, counts], dimensions, seconds, apart) => {
          const shape: DatumShape = { MetricName: 'Latency', Unit: 'Milliseconds' };
          if (dimensions.length > 0) shape.Dimensions = dimensions;
          const into: SizedDatums = { datums: [], bytes: [] };
          datumsFor(shape, new Date(seconds * 1000), entries(values, counts, apart), into);
          expect(into.bytes).toEqual(into.datums.map(datumBytes));
          const seen = new Map<number, number>();
          for (const datum of into.datums) {
            expect(datum.Values.length).toBeLessThanOrEqual(MAX_VALUES_PER_DATUM);
            const datumCounts = datum.Counts ?? datum.Values.map(() => 1);
            // Counts are left out exactly when every count is 1, as CloudWatch then assumes.
            expect(datum.Counts === undefined).toBe(datumCounts.every((count) => count === 1));
            datum.Values.forEach((value, i) => {
              seen.set(value, (seen.get(value) ?? 0) + (datumCounts[i] as number));
            });
            expect(datum.StatisticValues.SampleCount).toBe(
              datumCounts.reduce((sum, count) => sum + count, 0),
            );
            expect(datum.StatisticValues.Minimum).toBe(datum.Values[0]);
            expect(datum.StatisticValues.Maximum).toBe(datum.Values.at(-1));
            expect(Math.abs(datum.StatisticValues.Sum)).toBeLessThanOrEqual(MAX_VALUE_MAGNITUDE);
          }
          expect(seen).toEqual(new Map(values.map((value, i) => [value, counts[i] as number])));
        },
      ),
      { numRuns: 50 },
    );
  });
});
