import { describe, expect, it } from 'vitest';
import { statisticsFromEmf, statisticsFromRequests } from '../src/output-statistics.js';

describe('statistics as CloudWatch would store them', () => {
  it('reads Values/Counts, StatisticValues and Value datums, and leaves out the handlers’ own metrics', () => {
    const timestamp = new Date(0);
    const statistics = statisticsFromRequests([
      {
        Namespace: 'N',
        MetricData: [
          { MetricName: 'A', Timestamp: timestamp, Values: [1, 5], Counts: [2, 1] },
          { MetricName: 'A', Timestamp: timestamp, Value: 10 },
          {
            MetricName: 'B',
            Dimensions: [{ Name: 'Route', Value: '/x' }],
            Timestamp: timestamp,
            // StatisticValues win over bucketed Values: they are exact.
            Values: [100],
            Counts: [3],
            StatisticValues: { SampleCount: 3, Sum: 297, Minimum: 98, Maximum: 100 },
          },
          { MetricName: 'PutMetricDataCalls', Timestamp: timestamp, Value: 1 },
        ],
      },
    ]);
    expect(statistics).toEqual({
      A: { SampleCount: 4, Sum: 17, Minimum: 1, Maximum: 10 },
      'B /x': { SampleCount: 3, Sum: 297, Minimum: 98, Maximum: 100 },
    });
  });

  it('reads EMF lines: arrays and single values, per Route, ignoring lines that are not EMF', () => {
    const line = (route: string, values: number | number[]) =>
      JSON.stringify({
        _aws: {
          Timestamp: 0,
          CloudWatchMetrics: [{ Namespace: 'N', Dimensions: [['Route']], Metrics: [{ Name: 'Latency' }] }],
        },
        Route: route,
        Latency: values,
      });
    const statistics = statisticsFromEmf([
      line('/a', [1, 2, 3]),
      line('/a', 4),
      line('/b', 7),
      'not json',
      '{"level":"INFO"}',
    ]);
    expect(statistics).toEqual({
      'Latency /a': { SampleCount: 4, Sum: 10, Minimum: 1, Maximum: 4 },
      'Latency /b': { SampleCount: 1, Sum: 7, Minimum: 7, Maximum: 7 },
    });
  });
});
