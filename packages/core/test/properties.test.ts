import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Aggregator, datumBytes, type MetricDefinition, type PutMetricDataRequest } from '../src/index.js';
import { MAX_DIMENSIONS, MAX_VALUE_MAGNITUDE, MAX_VALUES_PER_DATUM } from '../src/limits/index.js';
import { emittedByMetric, nearestRank, type Weighted } from './support/statistics.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const PERCENTS = [0, 1, 50, 90, 99, 99.9, 100];

const metrics: MetricDefinition[] = [
  { name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/buy' } },
  { name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/sell' } },
  { name: 'Size', unit: 'Bytes' },
  { name: 'Ticks', storageResolution: 1 },
];

const anyValue = fc.oneof(
  fc.integer({ min: -1000, max: 1000 }),
  fc.double({ min: -MAX_VALUE_MAGNITUDE, max: MAX_VALUE_MAGNITUDE, noNaN: true }),
  fc.double({ min: -1e6, max: 1e6, noNaN: true }),
  fc.constantFrom(0, -0, MAX_VALUE_MAGNITUDE, -MAX_VALUE_MAGNITUDE, Number.MIN_VALUE, 0.1, 1e-300),
);

const anAdd = fc.record({
  metric: fc.integer({ min: 0, max: metrics.length - 1 }),
  value: anyValue,
  count: fc.oneof(fc.constant(1), fc.integer({ min: 1, max: 1000 })),
  offsetMs: fc.integer({ min: -5 * 60_000, max: 5 * 60_000 }),
});

/** Small request limits make packing split even small inputs. */
const limits = fc.record({
  maxDatumsPerRequest: fc.integer({ min: 1, max: 1000 }),
  maxRequestBytes: fc.integer({ min: 4000, max: 1_000_000 }),
});

type Add = { metric: number; value: number; count: number; offsetMs: number };

function keyOf(metric: number, timestampMs: number): string {
  const definition = metrics[metric] as MetricDefinition;
  const periodMs = (definition.storageResolution ?? 60) * 1000;
  return `${definition.name}|${JSON.stringify(definition.dimensions ?? {})}|${Math.floor(timestampMs / periodMs) * periodMs}`;
}

function rawByKey(adds: readonly Add[]): Map<string, Weighted[]> {
  const byKey = new Map<string, Weighted[]>();
  for (const add of adds) {
    const key = keyOf(add.metric, NOW + add.offsetMs);
    const items = byKey.get(key) ?? [];
    items.push({ value: add.value + 0, count: add.count });
    byKey.set(key, items);
  }
  return byKey;
}

function emittedByKey(requests: readonly PutMetricDataRequest[]) {
  const byKey = new Map<
    string,
    { items: Weighted[]; count: number; sum: number; min: number; max: number }
  >();
  for (const request of requests) {
    for (const datum of request.MetricData) {
      const dims = Object.fromEntries((datum.Dimensions ?? []).map((d) => [d.Name, d.Value]));
      const key = `${datum.MetricName}|${JSON.stringify(dims)}|${datum.Timestamp.getTime()}`;
      const entry = byKey.get(key) ?? { items: [], count: 0, sum: 0, min: Infinity, max: -Infinity };
      datum.Values.forEach((value, i) => {
        entry.items.push({ value, count: datum.Counts?.[i] ?? 1 });
      });
      entry.count += datum.StatisticValues.SampleCount;
      entry.sum += datum.StatisticValues.Sum;
      entry.min = Math.min(entry.min, datum.StatisticValues.Minimum);
      entry.max = Math.max(entry.max, datum.StatisticValues.Maximum);
      byKey.set(key, entry);
    }
  }
  return byKey;
}

function expectWithinLimits(
  requests: readonly PutMetricDataRequest[],
  bytes: readonly number[],
  limit: { maxDatumsPerRequest: number; maxRequestBytes: number },
) {
  requests.forEach((request, i) => {
    expect(request.MetricData.length).toBeGreaterThan(0);
    expect(request.MetricData.length).toBeLessThanOrEqual(limit.maxDatumsPerRequest);
    const wire = JSON.stringify({
      ...request,
      MetricData: request.MetricData.map((datum) => ({
        ...datum,
        Timestamp: datum.Timestamp.getTime() / 1000,
      })),
    });
    expect(Buffer.byteLength(wire)).toBe(bytes[i]);
    expect(bytes[i]).toBeLessThanOrEqual(limit.maxRequestBytes);
    for (const datum of request.MetricData) {
      expect(datum.Values.length).toBeGreaterThan(0);
      expect(datum.Values.length).toBeLessThanOrEqual(MAX_VALUES_PER_DATUM);
      if (datum.Counts) expect(datum.Counts).toHaveLength(datum.Values.length);
      expect((datum.Dimensions ?? []).length).toBeLessThanOrEqual(MAX_DIMENSIONS);
      for (let v = 1; v < datum.Values.length; v++) {
        expect(datum.Values[v] as number).toBeGreaterThan(datum.Values[v - 1] as number);
      }
      for (const value of datum.Values) {
        expect(Math.abs(value)).toBeLessThanOrEqual(MAX_VALUE_MAGNITUDE);
        expect(Object.is(value, -0)).toBe(false);
      }
    }
  });
}

describe('Aggregator properties (exact mode)', () => {
  it('keeps every sample, exact statistics and exact percentiles, within every limit', () => {
    fc.assert(
      fc.property(fc.array(anAdd, { maxLength: 600 }), limits, (adds, limit) => {
        const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW, ...limit });
        for (const add of adds) {
          expect(
            agg.add(metrics[add.metric] as MetricDefinition, add.value, add.count, NOW + add.offsetMs),
          ).toBe(true);
        }
        const { requests, rejected, stats } = agg.drain();
        expect(rejected).toEqual([]);
        const total = adds.reduce((sum, add) => sum + add.count, 0);
        expect(stats.samples).toBe(total);
        expectWithinLimits(requests, stats.requestBytes, limit);

        const raw = rawByKey(adds);
        const emitted = emittedByKey(requests);
        expect([...emitted.keys()].sort()).toEqual([...raw.keys()].sort());
        for (const [key, items] of raw) {
          const out = emitted.get(key);
          if (!out) throw new Error(`missing ${key}`);
          expect(out.count).toBe(items.reduce((sum, item) => sum + item.count, 0));
          expect(out.min).toBe(Math.min(...items.map((item) => item.value)));
          expect(out.max).toBe(Math.max(...items.map((item) => item.value)));
          const rawSum = items.reduce((sum, item) => sum + item.value * item.count, 0);
          const scale = items.reduce((sum, item) => sum + Math.abs(item.value * item.count), 0);
          expect(Math.abs(out.sum - rawSum)).toBeLessThanOrEqual(scale * 1e-12);
          for (const percent of PERCENTS) {
            expect(nearestRank(out.items, percent)).toBe(nearestRank(items, percent));
          }
        }
      }),
      { numRuns: 150 },
    );
  });

  it('drains stores of more than one datum’s worth each from its own values (their entries are lent)', () => {
    const value = fc.oneof(
      fc.integer({ min: 0, max: 5000 }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      fc.constantFrom(0, -0, 0.1),
    );
    // Repeats of a few values: more than a datum's worth of values, fewer distinct ones than a datum holds.
    const repeated = fc.constantFrom(0.5, -2.25, 1e9 + 0.5, 4097, 12345.678);
    const manyValues = fc.oneof(
      fc.array(value, { minLength: MAX_VALUES_PER_DATUM + 1, maxLength: 3000 }),
      fc.array(fc.oneof(repeated, value), { minLength: MAX_VALUES_PER_DATUM + 1, maxLength: 400 }),
      fc.array(repeated, { minLength: MAX_VALUES_PER_DATUM + 1, maxLength: 400 }),
    );
    fc.assert(
      fc.property(fc.array(manyValues, { minLength: 2, maxLength: 3 }), (perMetric) => {
        const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW });
        perMetric.forEach((values, m) => {
          for (const v of values) agg.add(metrics[m] as MetricDefinition, v, 1, NOW);
        });
        const { requests, stats } = agg.drain();
        expectWithinLimits(requests, stats.requestBytes, { maxDatumsPerRequest: 1000, maxRequestBytes: 1e6 });
        const emitted = emittedByKey(requests);
        perMetric.forEach((values, m) => {
          const counts = new Map<number, number>();
          for (const v of values) counts.set(v + 0, (counts.get(v + 0) ?? 0) + 1);
          const expected = [...counts].sort(([a], [b]) => a - b).map(([v, count]) => ({ value: v, count }));
          expect(emitted.get(keyOf(m, NOW))?.items).toEqual(expected);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('drains round after round exactly as a fresh aggregator would (stores reused, series order kept)', () => {
    const add = (agg: Aggregator, adds: readonly Add[]) => {
      for (const { metric, value, count, offsetMs } of adds) {
        agg.add(metrics[metric] as MetricDefinition, value, count, NOW + offsetMs);
      }
    };
    fc.assert(
      fc.property(fc.array(fc.array(anAdd, { maxLength: 150 }), { minLength: 1, maxLength: 5 }), (rounds) => {
        const kept = new Aggregator({ namespace: 'Prop', clock: () => NOW });
        for (const adds of rounds) {
          add(kept, adds);
          const fresh = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          add(fresh, adds);
          const peeked = kept.peek();
          const drained = kept.drain();
          expect(drained).toEqual(fresh.drain());
          expect(peeked).toEqual(drained);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('computes each datum’s size arithmetically to the byte of its JSON', () => {
    fc.assert(
      fc.property(fc.array(anAdd, { minLength: 1, maxLength: 400 }), (adds) => {
        const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW, maxDatumsPerRequest: 1 });
        for (const add of adds)
          agg.add(metrics[add.metric] as MetricDefinition, add.value, add.count, NOW + add.offsetMs);
        const { requests, stats } = agg.drain();
        const envelope = Buffer.byteLength(JSON.stringify({ Namespace: 'Prop', MetricData: [] }));
        requests.forEach((request, i) => {
          expect(stats.requestBytes[i]).toBe(envelope + datumBytes(request.MetricData[0] as never));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('sets rejected values aside without changing what the accepted ones produce', () => {
    const bad = fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -Infinity,
      2 ** 361,
      -(2 ** 361),
      Number.parseFloat('1e400'),
    );
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            anAdd,
            bad.map((value) => ({ bad: value })),
          ),
          { maxLength: 300 },
        ),
        (mixed) => {
          const withBad = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          const clean = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          let badCount = 0;
          for (const entry of mixed) {
            if ('bad' in entry) {
              expect(withBad.add(metrics[0] as MetricDefinition, entry.bad)).toBe(false);
              badCount++;
            } else {
              const metric = metrics[entry.metric] as MetricDefinition;
              withBad.add(metric, entry.value, entry.count, NOW + entry.offsetMs);
              clean.add(metric, entry.value, entry.count, NOW + entry.offsetMs);
            }
          }
          const a = withBad.drain();
          const b = clean.drain();
          expect(a.requests).toEqual(b.requests);
          expect(a.rejected).toHaveLength(badCount);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('emits the same multiset per metric whatever the request limits', () => {
    fc.assert(
      fc.property(fc.array(anAdd, { maxLength: 300 }), limits, (adds, limit) => {
        const small = new Aggregator({ namespace: 'Prop', clock: () => NOW, ...limit });
        const large = new Aggregator({ namespace: 'Prop', clock: () => NOW });
        for (const add of adds) {
          small.add(metrics[add.metric] as MetricDefinition, add.value, add.count, NOW + add.offsetMs);
          large.add(metrics[add.metric] as MetricDefinition, add.value, add.count, NOW + add.offsetMs);
        }
        const a = small.drain().requests.flatMap((r) => r.MetricData);
        const b = large.drain().requests.flatMap((r) => r.MetricData);
        expect(a).toEqual(b);
        expect(emittedByMetric(small.drain().requests)).toEqual(new Map());
      }),
      { numRuns: 100 },
    );
  });
});

describe('Aggregator.addValues and addEach', () => {
  // Values CloudWatch refuses among the rest, and times outside its window (two weeks back, hours ahead).
  const day = 24 * 60 * 60 * 1000;
  const value = fc.oneof(anyValue, fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, 2 ** 361));
  const time = fc.oneof(
    fc.integer({ min: -5 * 60_000, max: 5 * 60_000 }),
    fc.constantFrom(-15 * day, 3 * 60 * 60 * 1000),
  );

  it('folds a batch exactly as one add per value would, rejecting the same values', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(value, time), { maxLength: 500, size: 'max' }),
        fc.nat({ max: 20 }),
        fc.integer({ min: 0, max: metrics.length - 1 }),
        (entries, skip, m) => {
          const metric = metrics[m] as MetricDefinition;
          const values = Float64Array.from(entries.map(([v]) => v));
          const timestamps = Float64Array.from(entries.map(([, offset]) => NOW + offset));
          const one = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          const expectedRejected: number[] = [];
          for (let i = Math.min(skip, entries.length); i < entries.length; i++) {
            if (!one.add(metric, values[i] as number, 1, timestamps[i])) expectedRejected.push(i);
          }
          const batch = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          const rejected = batch.addValues(metric, values, timestamps, Math.min(skip, entries.length));
          expect(rejected).toEqual(expectedRejected);
          const a = one.drain();
          const b = batch.drain();
          expect(b.requests).toEqual(a.requests);
          expect(b.rejected.map((r) => r.reason)).toEqual(a.rejected.map((r) => r.reason));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('folds a batch of many metrics in one pass exactly as one add per value would (addEach)', () => {
    // An invalid definition and, past the end of the list, no definition at all.
    const definitions: MetricDefinition[] = [...metrics, { name: '' }, metrics[0] as MetricDefinition];
    const sameKeyTwice = { ...metrics[0] } as MetricDefinition;
    definitions.push(sameKeyTwice);
    fc.assert(
      fc.property(
        // Long arrays: values of one metric meet again in a bucket, and next to one another in adjacent ones.
        fc.array(fc.tuple(value, time, fc.integer({ min: 0, max: definitions.length })), {
          maxLength: 500,
          size: 'max',
        }),
        fc.nat({ max: 20 }),
        (entries, skip) => {
          const values = Float64Array.from(entries.map(([v]) => v));
          const timestamps = Float64Array.from(entries.map(([, offset]) => NOW + offset));
          const seriesOf = Int32Array.from(entries.map(([, , s]) => s));
          const from = Math.min(skip, entries.length);
          const one = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          const expectedRejected: number[] = [];
          for (let i = from; i < entries.length; i++) {
            const metric = definitions[seriesOf[i] as number] as MetricDefinition;
            if (!one.add(metric, values[i] as number, 1, timestamps[i])) expectedRejected.push(i);
          }
          const batch = new Aggregator({ namespace: 'Prop', clock: () => NOW });
          expect(batch.addEach(definitions, seriesOf, values, timestamps, from)).toEqual(expectedRejected);
          expect(batch.samples).toBe(one.samples);
          expect(batch.seriesCount).toBe(one.seriesCount);
          const a = one.drain();
          const b = batch.drain();
          expect(b.requests).toEqual(a.requests);
          expect(b.rejected).toEqual(a.rejected);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('rejects every value of an invalid metric', () => {
    const agg = new Aggregator({ namespace: 'Prop', clock: () => NOW });
    expect(agg.addValues({ name: '' }, [1, 2, 3], [NOW, NOW, NOW], 1)).toEqual([1, 2]);
    expect(agg.drain().rejected).toHaveLength(2);
  });
});
