import { describe, expect, it } from 'vitest';
import {
  Aggregator,
  CwaggConfigError,
  type MetricDefinition,
  type PutMetricDataRequest,
} from '../src/index.js';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES, MAX_VALUES_PER_DATUM } from '../src/limits/index.js';
import { emittedByMetric, mergedStatistics } from './support/statistics.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 30);
const clock = () => NOW;
const latency: MetricDefinition = { name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/buy' } };

function wireBytes(request: PutMetricDataRequest): number {
  const wire = {
    ...request,
    MetricData: request.MetricData.map((datum) => ({
      ...datum,
      Timestamp: datum.Timestamp.getTime() / 1000,
    })),
  };
  return Buffer.byteLength(JSON.stringify(wire));
}

function aggregator(options: Partial<ConstructorParameters<typeof Aggregator>[0]> = {}) {
  return new Aggregator({ namespace: 'Demo', clock, ...options });
}

describe('Aggregator: the acceptance figures', () => {
  it('drains 10,000 integers in 0..1000 to exactly 1 request of 7 datums whose counts sum to 10,000', () => {
    const agg = aggregator();
    for (let i = 0; i < 10_000; i++) expect(agg.add(latency, i % 1001)).toBe(true);
    const { requests, rejected, stats } = agg.drain();
    expect(rejected).toEqual([]);
    expect(requests).toHaveLength(1);
    const datums = requests[0]?.MetricData ?? [];
    expect(datums).toHaveLength(7);
    const counts = datums.flatMap((datum) => datum.Counts ?? datum.Values.map(() => 1));
    expect(counts.reduce((sum, count) => sum + count, 0)).toBe(10_000);
    expect(datums.map((datum) => datum.Values.length)).toEqual([150, 150, 150, 150, 150, 150, 101]);
    expect(stats).toMatchObject({ requests: 1, datums: 7, values: 1001, samples: 10_000, rejected: 0 });
    expect(stats.bodyBytes).toBe(wireBytes(requests[0] as PutMetricDataRequest));
  });

  it('packs 1,000,000 distinct floats into requests of at most 1000 datums and 1,000,000 bytes', () => {
    const agg = aggregator();
    const handle = agg.metric(latency);
    for (let i = 0; i < 1_000_000; i++) handle.add(i + 0.5);
    const { requests, stats } = agg.drain();
    expect(stats.samples).toBe(1_000_000);
    expect(stats.values).toBe(1_000_000);
    expect(stats.datums).toBe(Math.ceil(1_000_000 / MAX_VALUES_PER_DATUM));
    for (const [i, request] of requests.entries()) {
      expect(request.MetricData.length).toBeLessThanOrEqual(MAX_DATUMS_PER_REQUEST);
      const bytes = wireBytes(request);
      expect(bytes).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(stats.requestBytes[i]).toBe(bytes);
    }
    // Fewest requests: every request but the last could not take the next datum.
    for (let i = 0; i < requests.length - 1; i++) {
      const next = requests[i + 1]?.MetricData[0];
      const withNext = { ...requests[i], MetricData: [...(requests[i]?.MetricData ?? []), next] };
      expect(wireBytes(withNext as PutMetricDataRequest)).toBeGreaterThan(MAX_REQUEST_BYTES);
    }
  });

  it('rejects NaN, Infinity, 2^361 and an empty metric name with reasons, keeping the good values', () => {
    const agg = aggregator();
    expect(agg.add(latency, 1)).toBe(true);
    expect(agg.add(latency, Number.NaN)).toBe(false);
    expect(agg.add(latency, Number.POSITIVE_INFINITY)).toBe(false);
    expect(agg.add(latency, Number.NEGATIVE_INFINITY)).toBe(false);
    expect(agg.add(latency, 2 ** 361)).toBe(false);
    expect(agg.add({ name: '' }, 5)).toBe(false);
    expect(agg.add(latency, 2)).toBe(true);
    const { requests, rejected } = agg.drain();
    expect(rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/NaN/),
      expect.stringMatching(/Infinity/),
      expect.stringMatching(/-Infinity/),
      expect.stringMatching(/range of -2\^360\.\.2\^360/),
      expect.stringMatching(/metric name must be 1\.\.255 characters/),
    ]);
    expect(rejected[4]).toMatchObject({ metric: '', value: 5, count: 1 });
    expect(requests[0]?.MetricData[0]?.Values).toEqual([1, 2]);
  });
});

describe('Aggregator: values at the edges', () => {
  it('accepts 0, -0 (sent as 0), negatives and exactly ±2^360; rejects the next double beyond', () => {
    const agg = aggregator();
    const beyond = 2 ** 360 * (1 + Number.EPSILON);
    for (const value of [0, -0, -5, -2.5, 2 ** 360, -(2 ** 360)]) expect(agg.add(latency, value)).toBe(true);
    expect(agg.add(latency, beyond)).toBe(false);
    expect(agg.add(latency, -beyond)).toBe(false);
    const { requests, rejected } = agg.drain();
    const datum = requests[0]?.MetricData[0];
    expect(datum?.Values).toEqual([-(2 ** 360), -5, -2.5, 0, 2 ** 360]);
    expect(Object.is(datum?.Values[3], 0)).toBe(true);
    expect(datum?.Counts).toEqual([1, 1, 1, 2, 1]);
    expect(datum?.StatisticValues).toEqual({
      SampleCount: 6,
      Sum: -7.5,
      Minimum: -(2 ** 360),
      Maximum: 2 ** 360,
    });
    expect(rejected).toHaveLength(2);
  });

  it('rejects values that are not numbers, and bad counts, without poisoning the rest', () => {
    const agg = aggregator();
    expect(agg.add(latency, '5' as unknown as number)).toBe(false);
    expect(agg.add(latency, 1, 0)).toBe(false);
    expect(agg.add(latency, 1, -1)).toBe(false);
    expect(agg.add(latency, 1, Number.NaN)).toBe(false);
    expect(agg.add(latency, 7, 2.5)).toBe(true);
    const { requests, rejected } = agg.drain();
    expect(rejected.map((r) => r.reason)).toEqual([
      'value must be a number (got string)',
      expect.stringMatching(/count must be a finite number greater than 0/),
      expect.stringMatching(/count must be/),
      expect.stringMatching(/count must be/),
    ]);
    expect(requests[0]?.MetricData[0]).toMatchObject({
      Values: [7],
      Counts: [2.5],
      StatisticValues: { SampleCount: 2.5, Sum: 17.5, Minimum: 7, Maximum: 7 },
    });
  });

  it('accepts 30 dimensions and rejects 31', () => {
    const dims = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`D${i}`, `v${i}`]));
    const agg = aggregator();
    expect(agg.add({ name: 'M', dimensions: dims(30) }, 1)).toBe(true);
    expect(agg.add({ name: 'M', dimensions: dims(31) }, 1)).toBe(false);
    const { requests, rejected } = agg.drain();
    expect(requests[0]?.MetricData[0]?.Dimensions).toHaveLength(30);
    expect(rejected[0]?.reason).toMatch(/at most 30 dimensions \(got 31\)/);
  });

  it('counts default dimensions against the limit of 30', () => {
    const agg = aggregator({ defaultDimensions: { Service: 'shop' } });
    const dims = Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`D${i}`, 'v']));
    expect(agg.add({ name: 'M', dimensions: dims }, 1)).toBe(false);
  });

  it('accepts 255-character names and rejects 256', () => {
    const agg = aggregator();
    const long = (n: number) => 'x'.repeat(n);
    expect(agg.add({ name: long(255) }, 1)).toBe(true);
    expect(agg.add({ name: long(256) }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { [long(255)]: 'v' } }, 1)).toBe(true);
    expect(agg.add({ name: 'M', dimensions: { [long(256)]: 'v' } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { D: long(1024) } }, 1)).toBe(true);
    expect(agg.add({ name: 'M', dimensions: { D: long(1025) } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { D: '' } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { D: '   ' } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { D: 'caf\u00e9' } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { ':D': 'v' } }, 1)).toBe(false);
    expect(agg.add({ name: 'M', dimensions: { D: 5 as unknown as string } }, 1)).toBe(false);
    const { requests, rejected } = agg.drain();
    expect(requests[0]?.MetricData).toHaveLength(3);
    expect(rejected).toHaveLength(8);
    for (const entry of rejected) expect(entry.reason.length).toBeGreaterThan(10);
  });

  it('rejects units and storage resolutions CloudWatch does not know', () => {
    const agg = aggregator();
    expect(agg.add({ name: 'M', unit: 'Furlongs' as 'Count' }, 1)).toBe(false);
    expect(agg.add({ name: 'M', storageResolution: 30 as 60 }, 1)).toBe(false);
    expect(agg.drain().rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/unit "Furlongs" is not a CloudWatch unit/),
      expect.stringMatching(/storage resolution must be 60 or 1 \(got 30\)/),
    ]);
  });

  it('throws at construction for a namespace CloudWatch rejects', () => {
    for (const namespace of ['AWS/Lambda', '', ':x', 'tab\tname', 'x'.repeat(256), 'caf\u00e9']) {
      expect(() => new Aggregator({ namespace })).toThrow(CwaggConfigError);
    }
    expect(() => new Aggregator({ namespace: 'AWS/Lambda' })).toThrow(/reserved for AWS services/);
    expect(() => new Aggregator({ namespace: 'x'.repeat(255) })).not.toThrow();
    expect(() => new Aggregator({ namespace: 'Demo', maxRelativeError: 1 })).toThrow(/maxRelativeError/);
    // Too small for a double to keep the bound (at 1e-17 every bucket index was NaN): refused, not accepted.
    for (const maxRelativeError of [1e-17, 1e-10, 0, -0.01, Number.NaN]) {
      expect(() => new Aggregator({ namespace: 'Demo', maxRelativeError })).toThrow(/from 1e-9 up to/);
    }
    expect(() => new Aggregator({ namespace: 'Demo', maxRequestBytes: 2_000_000 })).toThrow(
      /maxRequestBytes/,
    );
    expect(() => new Aggregator({ namespace: 'Demo', defaultDimensions: { D: '' } })).toThrow(
      /defaultDimensions/,
    );
  });
});

describe('Aggregator: time buckets', () => {
  it('floors timestamps to the minute, or to the second for high resolution', () => {
    const agg = aggregator();
    const highRes: MetricDefinition = { name: 'Fast', storageResolution: 1 };
    agg.add(latency, 1, 1, NOW - 10_000); // 12:00:20 -> 12:00
    agg.add(latency, 2, 1, new Date(NOW)); // 12:00:30 -> 12:00
    agg.add(latency, 3, 1, NOW + 40_000); // 12:01:10 -> 12:01
    agg.add(highRes, 4, 1, NOW + 1_500); // 12:00:31.5 -> 12:00:31
    agg.add(highRes, 5); // now: 12:00:30
    const datums = agg.drain().requests.flatMap((request) => request.MetricData);
    const summary = datums.map((datum) => [datum.MetricName, datum.Timestamp.toISOString(), datum.Values]);
    expect(summary).toEqual([
      ['Fast', '2026-11-25T12:00:30.000Z', [5]],
      ['Fast', '2026-11-25T12:00:31.000Z', [4]],
      ['Latency', '2026-11-25T12:00:00.000Z', [1, 2]],
      ['Latency', '2026-11-25T12:01:00.000Z', [3]],
    ]);
    expect(datums[0]?.StorageResolution).toBe(1);
    expect(datums[2]?.StorageResolution).toBeUndefined();
  });

  it('rejects timestamps outside the window CloudWatch accepts', () => {
    const agg = aggregator();
    const day = 24 * 60 * 60 * 1000;
    expect(agg.add(latency, 1, 1, NOW - 13 * day)).toBe(true);
    expect(agg.add(latency, 1, 1, NOW - 14 * day - 1)).toBe(false);
    expect(agg.add(latency, 1, 1, NOW + 60 * 60 * 1000)).toBe(true);
    expect(agg.add(latency, 1, 1, NOW + 2 * 60 * 60 * 1000 + 1)).toBe(false);
    expect(agg.add(latency, 1, 1, Number.NaN)).toBe(false);
    expect(agg.drain().rejected.map((r) => r.reason)).toEqual([
      expect.stringMatching(/14 days in the past/),
      expect.stringMatching(/2 hours in the future/),
      expect.stringMatching(/not a valid time/),
    ]);
  });
});

describe('Aggregator: lifecycle and determinism', () => {
  it('is empty after drain, and peek leaves it untouched', () => {
    const agg = aggregator();
    agg.add(latency, 1);
    agg.add(latency, Number.NaN);
    expect(agg.peek().stats.samples).toBe(1);
    expect(agg.peek().rejected).toHaveLength(1);
    expect(agg.samples).toBe(1);
    const first = agg.drain();
    expect(first.stats).toMatchObject({ requests: 1, samples: 1, rejected: 1 });
    const second = agg.drain();
    expect(second.requests).toEqual([]);
    expect(second.rejected).toEqual([]);
    expect(second.stats).toMatchObject({ requests: 0, datums: 0, samples: 0, bodyBytes: 0 });
    expect(agg.seriesCount).toBe(0);
  });

  it('keeps adding through handles and definitions after a drain, one series per key', () => {
    const agg = aggregator();
    const handle = agg.metric(latency);
    const sameKey: MetricDefinition = {
      name: 'Latency',
      unit: 'Milliseconds',
      dimensions: { Route: '/buy' },
    };
    handle.add(1);
    agg.drain();
    agg.add(sameKey, 2);
    handle.add(3);
    agg.add(latency, 4);
    const { requests } = agg.drain();
    expect(requests[0]?.MetricData).toHaveLength(1);
    expect(requests[0]?.MetricData[0]?.Values).toEqual([2, 3, 4]);
  });

  it('gives the same requests whatever order the values arrive in', () => {
    const a = aggregator();
    const b = aggregator();
    const metrics: MetricDefinition[] = [
      latency,
      { name: 'Size', unit: 'Bytes' },
      { name: 'Latency', dimensions: { Route: '/sell' } },
    ];
    const adds = Array.from({ length: 3000 }, (_, i) => [i % 3, (i * 7919) % 613, (i % 5) + 1] as const);
    for (const [m, v, c] of adds) a.add(metrics[m] as MetricDefinition, v, c);
    for (const [m, v, c] of [...adds].reverse()) b.add({ ...(metrics[m] as MetricDefinition) }, v, c);
    expect(b.drain()).toEqual(a.drain());
  });

  it('merges default dimensions, the metric’s own winning, sorted by name', () => {
    const agg = aggregator({ defaultDimensions: { Service: 'shop', Stage: 'prod' } });
    agg.add({ name: 'M', dimensions: { Stage: 'test', Az: 'a' } }, 1);
    expect(agg.drain().requests[0]?.MetricData[0]?.Dimensions).toEqual([
      { Name: 'Az', Value: 'a' },
      { Name: 'Service', Value: 'shop' },
      { Name: 'Stage', Value: 'test' },
    ]);
  });

  it('keeps count, sum, min and max exact per metric across many datums', () => {
    const agg = aggregator();
    let sum = 0;
    for (let i = 0; i < 5000; i++) {
      agg.add(latency, i - 2000, 3);
      sum += (i - 2000) * 3;
    }
    const { requests } = agg.drain();
    expect(mergedStatistics(requests, 'Latency')).toEqual({
      SampleCount: 15_000,
      Sum: sum,
      Minimum: -2000,
      Maximum: 2999,
    });
    expect(emittedByMetric(requests).get('Latency')).toHaveLength(5000);
  });
});
