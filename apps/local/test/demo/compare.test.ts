import type { CloudWatchLocalStats } from '@cwagg/cloudwatch-local';
import type { EventSourceMappingStats } from '@cwagg/local-lambda';
import { describe, expect, it } from 'vitest';
import { compareHandlers, type Observed } from '../../src/demo/compare.js';
import { demoSettings, histogramOf, statisticsOf } from '../../src/index.js';

const values = new Map([
  [10, 2],
  [20, 1],
  [30, 1],
]);
const sent = { records: 5, produced: { records: 5, valid: 4, invalid: 1, values } };

function mapping(overrides: Partial<EventSourceMappingStats> = {}): EventSourceMappingStats {
  return {
    recordsProcessed: 5,
    recordsGivenUp: 0,
    invocations: 2,
    partialFailures: 0,
    functionErrors: 0,
    retries: 0,
    givenUp: [],
    windowsClosed: 0,
    windowsEndedEarly: 0,
    recordDelay: { records: 5, meanMs: 120.4, maxMs: 300 },
    shards: [],
    ...overrides,
  };
}

const endpoint = {
  byAppId: {
    'cwagg-single': { putMetricDataRequests: 6, wireBytes: 1_800, datums: 4, samples: 4 },
    'cwagg-aggregated': { putMetricDataRequests: 2, wireBytes: 300, datums: 2, samples: 4 },
  },
} as unknown as CloudWatchLocalStats;

function observed(overrides: Partial<Observed> = {}): Observed {
  const read = { stats: statisticsOf(values), invalidRecords: 1, quantiles: [10, 30] };
  return {
    settings: demoSettings({ records: 5, seed: 1, pricePer1000RequestsUsd: 0.01 }),
    sent,
    metrics: {
      single: { ...read, publishedCalls: 4 },
      aggregated: { ...read, publishedCalls: 2 },
    },
    endpoints: { single: endpoint, aggregated: endpoint },
    mappings: { single: mapping({ retries: 1, partialFailures: 1, invocations: 3 }), aggregated: mapping() },
    ...overrides,
  };
}

describe('comparing the two handlers', () => {
  it('takes calls and bytes from the endpoint, counts from the mapping, statistics from the read-back', () => {
    const comparison = compareHandlers(observed());
    expect(comparison).toMatchObject({ records: 5, invalid: 1, agree: true, differences: [] });
    expect(comparison.expected).toEqual(statisticsOf(values));
    expect(comparison.histogram).toEqual(histogramOf(values));
    expect(comparison.single).toEqual({
      putMetricDataCalls: 6,
      requestBytes: 1_800,
      stats: statisticsOf(values),
      invalid: 1,
      publishedCalls: 4,
      costUsd: 0.00006,
      costPerMillionRecordsUsd: 12,
      invocations: 3,
      partialFailures: 1,
      functionErrors: 0,
      retries: 1,
      givenUp: [],
      matchesProduced: true,
      differsFromProduced: [],
      quantiles: [10, 30],
      delayMs: { mean: 120, max: 300 },
    });
    expect(comparison.aggregated).toMatchObject({
      putMetricDataCalls: 2,
      costUsd: 0.00002,
      costPerMillionRecordsUsd: 4,
    });
    // The result's keys in the order the JSON line prints them.
    expect(Object.keys(comparison)).toEqual([
      'records',
      'invalid',
      'single',
      'aggregated',
      'agree',
      'differences',
      'expected',
      'histogram',
    ]);
  });

  it('rounds costs to 12 significant digits instead of printing float noise', () => {
    const comparison = compareHandlers(
      observed({ settings: demoSettings({ records: 5, seed: 1, pricePer1000RequestsUsd: 0.1 + 0.2 }) }),
    );
    // 6 * 0.30000000000000004 / 1000 would print as 0.0018000000000000002.
    expect(comparison.single.costUsd).toBe(0.0018);
  });

  it('says where a handler differs from the other and from the values sent', () => {
    const good = statisticsOf(values);
    const base = observed();
    const comparison = compareHandlers({
      ...base,
      metrics: {
        ...base.metrics,
        single: {
          stats: { ...good, SampleCount: 5, Sum: 80 },
          invalidRecords: 1,
          publishedCalls: 5,
          quantiles: [],
        },
      },
    });
    expect(comparison.agree).toBe(false);
    expect(comparison.differences).toEqual(['SampleCount', 'Sum']);
    expect(comparison.single).toMatchObject({
      matchesProduced: false,
      differsFromProduced: ['SampleCount', 'Sum'],
    });
    expect(comparison.aggregated).toMatchObject({ matchesProduced: true, differsFromProduced: [] });
  });

  it('counts a handler the endpoint never heard from as zero calls and bytes', () => {
    const base = observed();
    const comparison = compareHandlers({
      ...base,
      endpoints: { ...base.endpoints, single: { byAppId: {} } as unknown as CloudWatchLocalStats },
    });
    expect(comparison.single).toMatchObject({ putMetricDataCalls: 0, requestBytes: 0, costUsd: 0 });
  });

  it('adds the windowed column with a window: its calls from its own endpoint, bounded by windows and early flushes', () => {
    const base = observed();
    const windowedEndpoint = {
      byAppId: { 'cwagg-aggregated': { putMetricDataRequests: 3, wireBytes: 200, datums: 2, samples: 4 } },
    } as unknown as CloudWatchLocalStats;
    const read = { stats: statisticsOf(values), invalidRecords: 1, quantiles: [10, 30], publishedCalls: 3 };
    const comparison = compareHandlers({
      ...base,
      settings: demoSettings({ records: 5, seed: 1, pricePer1000RequestsUsd: 0.01, windowSeconds: 5 }),
      metrics: { ...base.metrics, windowed: read },
      endpoints: { ...base.endpoints, windowed: windowedEndpoint },
      mappings: {
        ...base.mappings,
        windowed: mapping({ windowsClosed: 2, recordDelay: { records: 5, meanMs: 5_200, maxMs: 9_900 } }),
      },
      earlyFlushes: 1,
    });
    expect(comparison.agree).toBe(true);
    expect(comparison.windowed).toMatchObject({
      putMetricDataCalls: 3,
      requestBytes: 200,
      publishedCalls: 3,
      windowSeconds: 5,
      windows: 2,
      earlyFlushes: 1,
      withinBound: true,
      matchesProduced: true,
      delayMs: { mean: 5_200, max: 9_900 },
    });
    expect(Object.keys(comparison)).toContain('windowed');
    // No window, no column.
    expect(compareHandlers(base)).not.toHaveProperty('windowed');
  });

  it('says when the windowed column disagrees with the others', () => {
    const base = observed();
    const good = statisticsOf(values);
    const comparison = compareHandlers({
      ...base,
      settings: demoSettings({ records: 5, seed: 1, windowSeconds: 5 }),
      metrics: {
        ...base.metrics,
        windowed: { stats: { ...good, Maximum: 40 }, invalidRecords: 1, quantiles: [], publishedCalls: 9 },
      },
      endpoints: { ...base.endpoints, windowed: endpoint },
      mappings: { ...base.mappings, windowed: mapping({ windowsClosed: 2 }) },
    });
    expect(comparison.agree).toBe(false);
    expect(comparison.differences).toEqual(['Maximum']);
    expect(comparison.windowed).toMatchObject({ matchesProduced: false, withinBound: false });
  });
});
