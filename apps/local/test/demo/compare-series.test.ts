/** Series compared: as sent, and as each handler read back; the headline merged from the first group. */
import { describe, expect, it } from 'vitest';
import { compareSeries, headlineStatistics, mergedStatistics } from '../../src/demo/compare-series.js';
import type { HandlerSeries } from '../../src/index.js';
import { statisticsOf } from '../../src/index.js';

const sent = {
  records: 3,
  valid: 3,
  invalid: 0,
  values: new Map([
    [1, 1],
    [5, 2],
  ]),
  mapped: {
    series: [
      { metric: 'ms', dimensions: { route: '/a' }, values: new Map([[1, 1]]) },
      { metric: 'ms', dimensions: { route: '/b' }, values: new Map([[5, 2]]) },
    ],
    setAside: 1,
    headline: { metric: 'ms', dimensions: ['route'] },
  },
};

function handler(entries: [string, Map<number, number>][], invalidValues = 1): HandlerSeries {
  return {
    series: new Map(
      entries.map(([route, values]) => [
        `ms{route=${route}}`,
        { metric: 'ms', dimensions: { route }, stats: statisticsOf(values) },
      ]),
    ),
    invalidValues,
    foldedValues: 0,
  };
}

describe('compareSeries', () => {
  it('agrees when both handlers read back every series as sent', () => {
    const both = handler([
      ['/a', new Map([[1, 1]])],
      ['/b', new Map([[5, 2]])],
    ]);
    const result = compareSeries('{}', sent, both, both);
    expect(result.agree).toBe(true);
    expect(result.series.map((row) => [row.metric, row.dimensions, row.sent.SampleCount])).toEqual([
      ['ms', { route: '/a' }, 1],
      ['ms', { route: '/b' }, 2],
    ]);
    expect(result.setAside).toEqual({ sent: 1, single: 1, aggregated: 1 });
    expect(headlineStatistics(result.series, 'aggregated', sent)).toEqual({
      SampleCount: 3,
      Sum: 11,
      Minimum: 1,
      Maximum: 5,
      p50: null,
      p90: null,
      p99: null,
    });
  });

  it('names what differs, per handler, and shows series only one side has', () => {
    const single = handler([['/a', new Map([[1, 1]])]]);
    const aggregated = handler([
      ['/a', new Map([[1, 1]])],
      ['/b', new Map([[5, 1]])],
      ['Other', new Map([[9, 1]])],
    ]);
    const result = compareSeries('{}', sent, single, aggregated);
    expect(result.agree).toBe(false);
    const b = result.series.find((row) => row.dimensions.route === '/b');
    expect(b?.differs.single).toEqual(['SampleCount', 'Sum', 'Minimum', 'Maximum', 'p50', 'p90', 'p99']);
    expect(b?.differs.aggregated).toEqual(['SampleCount', 'Sum']);
    const other = result.series.find((row) => row.dimensions.route === 'Other');
    expect(other?.sent.SampleCount).toBe(0);
  });

  it('keeps a single series’ percentiles when merging, and drops them across several', () => {
    const one = statisticsOf(new Map([[2, 3]]));
    expect(mergedStatistics([one])).toBe(one);
    expect(mergedStatistics([one, one]).p50).toBeNull();
    expect(mergedStatistics([]).SampleCount).toBe(0);
  });
});
