/** A finished run's result, fixed by hand: what the table, the JSON line and the report are rendered from. */
import type { DemoResult, HandlerResult } from '../../src/index.js';

const stats = { SampleCount: 1_000, Sum: 500_500, Minimum: 1, Maximum: 1_000, p50: 500, p90: 900, p99: 990 };

function handler(overrides: Partial<HandlerResult>): HandlerResult {
  return {
    putMetricDataCalls: 1_000,
    requestBytes: 345_678,
    stats,
    invalid: 0,
    publishedCalls: 1_000,
    costUsd: 0.01,
    costPerMillionRecordsUsd: 10,
    invocations: 7,
    partialFailures: 0,
    functionErrors: 0,
    retries: 0,
    givenUp: [],
    matchesProduced: true,
    differsFromProduced: [],
    quantiles: Array.from({ length: 101 }, (_, q) => q * 10),
    delayMs: { mean: 400, max: 900 },
    ...overrides,
  };
}

export function demoResult(overrides: Partial<DemoResult> = {}): DemoResult {
  return {
    records: 1_000,
    invalid: 0,
    single: handler({}),
    aggregated: handler({
      putMetricDataCalls: 7,
      requestBytes: 9_876,
      publishedCalls: 7,
      costUsd: 0.00007,
      costPerMillionRecordsUsd: 0.07,
    }),
    agree: true,
    differences: [],
    expected: stats,
    histogram: [
      { from: 1, to: 500.5, count: 500 },
      { from: 500.5, to: 1_000, count: 500 },
    ],
    elapsedMs: 12_345,
    phasesMs: { starting: 1_000, producing: 4_000, consuming: 7_000, reading: 345 },
    settings: {
      records: 1_000,
      batchSize: 150,
      batchingWindowMs: 0,
      shards: 2,
      template: '{{random.number(1000)}}',
      faultRate: 0,
      faultSeed: 1,
      badRatio: 0,
      seed: 42,
      pricePer1000RequestsUsd: 0.01,
      valueField: null,
      metrics: null,
      preset: null,
      concurrency: 2,
      partitioning: 'batches',
      windowSeconds: null,
    },
    processes: { kinesisLocal: 101, single: [102], aggregated: [103] },
    ...overrides,
  };
}

/** The same run with --window-seconds 5: a third column, the aggregated handler in tumbling windows. */
export function windowedDemoResult(): DemoResult {
  const base = demoResult();
  return {
    ...base,
    settings: { ...base.settings, windowSeconds: 5 },
    windowed: {
      ...handler({
        putMetricDataCalls: 3,
        requestBytes: 4_321,
        publishedCalls: 3,
        costUsd: 0.00003,
        costPerMillionRecordsUsd: 0.03,
        delayMs: { mean: 5_400, max: 10_100 },
      }),
      windowSeconds: 5,
      windows: 2,
      earlyFlushes: 1,
      withinBound: true,
    },
    processes: { ...base.processes, windowed: [104] },
  };
}

export { handler as handlerResult };
