import { describe, expect, it } from 'vitest';
import { differences, STATISTIC_NAMES, SUM_RELATIVE_TOLERANCE, statisticsOf } from '../src/index.js';

const counts = (pairs: Array<[number, number]>) => new Map(pairs);

describe('the statistics the demo compares', () => {
  it('are those of the multiset: each value as often as its count says', () => {
    expect(
      statisticsOf(
        counts([
          [3, 2],
          [1, 1],
          [10, 1],
        ]),
      ),
    ).toEqual({ SampleCount: 4, Sum: 17, Minimum: 1, Maximum: 10, p50: 3, p90: 10, p99: 10 });
  });

  it('have no percentiles when a value is negative, as CloudWatch serves none', () => {
    const stats = statisticsOf(
      counts([
        [-2, 1],
        [5, 3],
      ]),
    );
    expect(stats).toMatchObject({ SampleCount: 4, Sum: 13, Minimum: -2, Maximum: 5 });
    expect([stats.p50, stats.p90, stats.p99]).toEqual([null, null, null]);
  });

  it('of no values: a count of 0 and nothing else', () => {
    expect(statisticsOf(new Map())).toEqual({
      SampleCount: 0,
      Sum: null,
      Minimum: null,
      Maximum: null,
      p50: null,
      p90: null,
      p99: null,
    });
  });
});

describe('when two sets of statistics differ', () => {
  const base = statisticsOf(
    counts([
      [0.1, 1],
      [0.2, 1],
      [0.7, 1],
    ]),
  );

  it('never for sums added in another order; for a sum off by more than the tolerance', () => {
    expect(differences(base, { ...base, Sum: 0.7 + 0.2 + 0.1 })).toEqual([]);
    const off = (base.Sum as number) * (1 + 100 * SUM_RELATIVE_TOLERANCE);
    expect(differences(base, { ...base, Sum: off })).toEqual(['Sum']);
  });

  it('always for any other statistic, and where only one side has an answer', () => {
    expect(differences(base, { ...base, p99: 0.2, Minimum: 0 })).toEqual(['Minimum', 'p99']);
    expect(differences(base, { ...base, p50: null })).toEqual(['p50']);
    const none = statisticsOf(new Map());
    expect(differences(none, none)).toEqual([]);
    expect(differences(base, none)).toEqual([...STATISTIC_NAMES]);
  });
});
