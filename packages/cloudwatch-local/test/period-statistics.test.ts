import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { parseStatistic } from '../src/statistic-names.js';
import { jsonRequest, minuteAgo, uniqueNamespace } from './helpers.js';
import { expand, naivePercentile } from './support/expanded-multiset.js';

describe('statistic names', () => {
  it('reads percentile names with up to two decimals', () => {
    expect(parseStatistic('p99')).toEqual({ kind: 'percentile', hundredths: 9900 });
    expect(parseStatistic('p99.9')).toEqual({ kind: 'percentile', hundredths: 9990 });
    expect(parseStatistic('p95.45')).toEqual({ kind: 'percentile', hundredths: 9545 });
    expect(parseStatistic('p0')).toEqual({ kind: 'percentile', hundredths: 0 });
    expect(parseStatistic('p100')).toEqual({ kind: 'percentile', hundredths: 10_000 });
    expect(parseStatistic('Sum')).toEqual({ kind: 'basic', name: 'Sum' });
    for (const bad of ['p100.01', 'p101', 'p99.999', 'P99', 'p', 'p-1', 'p9.', 'sum', 'TM99', 'tm(1:2)']) {
      expect(parseStatistic(bad), bad).toBeUndefined();
    }
  });
});

describe('percentiles over the wire do not depend on how values were split into datums', () => {
  let cw: CloudWatchLocal;
  beforeAll(async () => {
    cw = await startCloudWatchLocal();
  });
  afterAll(async () => {
    await cw.stop();
  });

  const T0 = minuteAgo();
  // At most 10 per GetMetricStatistics call.
  const PERCENTILES = ['p0', 'p10', 'p25', 'p50', 'p75', 'p90', 'p95.45', 'p99', 'p99.9', 'p100'];

  /** A datum carrying some of the samples, in one of the three shapes a client may use. */
  type Piece = { kind: 'values' | 'single' | 'set'; pairs: Array<[number, number]> };

  function toDatum(piece: Piece) {
    const base = { MetricName: 'Split', Timestamp: T0.getTime() / 1000 + 7 };
    const [first] = piece.pairs;
    if (piece.kind === 'single' && first) return { ...base, Value: first[0] };
    if (piece.kind === 'set' && first) {
      const [value, count] = first;
      return {
        ...base,
        StatisticValues: { SampleCount: count, Sum: value * count, Minimum: value, Maximum: value },
      };
    }
    return { ...base, Values: piece.pairs.map(([v]) => v), Counts: piece.pairs.map(([, c]) => c) };
  }

  const pieceArbitrary: fc.Arbitrary<Piece> = fc.oneof(
    fc.record({
      kind: fc.constant('values' as const),
      pairs: fc.array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 1, max: 9 })), {
        minLength: 1,
        maxLength: 150,
      }),
    }),
    fc.record({
      kind: fc.constant('single' as const),
      pairs: fc.tuple(fc.integer({ min: 0, max: 300 }), fc.constant(1)).map((p) => [p]),
    }),
    fc.record({
      kind: fc.constant('set' as const),
      pairs: fc
        .tuple(fc.double({ min: 0, max: 300, noNaN: true }), fc.integer({ min: 1, max: 9 }))
        .map((p) => [p]),
    }),
  );

  it('reads back the nearest-rank percentiles and the exact count of the raw samples', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(pieceArbitrary, { minLength: 1, maxLength: 40 }),
        fc.integer({ min: 1, max: 3 }),
        async (pieces, requests) => {
          const namespace = uniqueNamespace('Prop');
          const datums = pieces.map(toDatum);
          // Spread the datums over 1..3 requests: the split must not matter either.
          for (let r = 0; r < requests; r++) {
            const share = datums.filter((_, i) => i % requests === r);
            if (share.length === 0) continue;
            const put = await jsonRequest(cw.endpoint, 'PutMetricData', {
              Namespace: namespace,
              MetricData: share,
            });
            expect(put.status).toBe(200);
          }
          const samples = expand(pieces.flatMap((p) => p.pairs));
          const out = await jsonRequest(cw.endpoint, 'GetMetricStatistics', {
            Namespace: namespace,
            MetricName: 'Split',
            StartTime: T0.getTime() / 1000,
            EndTime: T0.getTime() / 1000 + 60,
            Period: 60,
            ExtendedStatistics: PERCENTILES,
          });
          expect(out.status, out.text).toBe(200);
          const [point] = out.json.Datapoints as Array<{ ExtendedStatistics: Record<string, number> }>;
          const expected = Object.fromEntries(
            PERCENTILES.map((name) => {
              const parsed = parseStatistic(name);
              return [
                name,
                naivePercentile(samples, parsed?.kind === 'percentile' ? parsed.hundredths : Number.NaN),
              ];
            }),
          );
          expect(point?.ExtendedStatistics).toEqual(expected);
          const counts = await jsonRequest(cw.endpoint, 'GetMetricStatistics', {
            Namespace: namespace,
            MetricName: 'Split',
            StartTime: T0.getTime() / 1000,
            EndTime: T0.getTime() / 1000 + 60,
            Period: 60,
            Statistics: ['SampleCount', 'Minimum', 'Maximum'],
          });
          expect((counts.json.Datapoints as unknown[])[0]).toMatchObject({
            SampleCount: samples.length,
            Minimum: Math.min(...samples),
            Maximum: Math.max(...samples),
          });
        },
      ),
      { numRuns: 40 },
    );
  });
});
