/**
 * Faults on PutMetricData, end to end through the one-machine pipeline: the local CloudWatch answers a
 * share of requests with a throttle, a 500, a dropped connection or a slow answer (uniformly), and a
 * ledger between the functions and CloudWatch tells record by record what was stored.
 *
 * - The aggregated path stores every valid record exactly once, whatever the rate.
 * - The single-value path loses nothing; what it counts twice is measured (Lambda replays a batch from its
 *   first failed record, including records whose calls had succeeded).
 *
 * CI runs small batches; CWAGG_LONG=1 (the reliability script) runs the bigger ones in RELIABILITY.md.
 */
import type { HandlerKind } from '@cwagg/kinesis';
import { describe, expect, it } from 'vitest';
import { expectAggregatedExactlyOnce } from './support/exactly-once.js';
import { LONG, recordFigures } from './support/figures.js';
import { type PipelineOptions, type PipelineResult, runPipeline } from './support/pipeline.js';

interface Row {
  rate: number;
  kinds: HandlerKind[];
  records: number;
  /** Attempts per PutMetricData inside the function (the SDK's retries); 1: every fault reaches Lambda. */
  maxAttempts: number;
  batchSize: number;
}

/*
 * Each PutMetricData that arrives draws its own fault, whichever function sent it: small batches give the
 * aggregated function (one call per batch) enough calls to meet many faults. With maxAttempts 1 every fault
 * fails the call and reaches the event source mapping, the harshest case for both paths.
 */
const ROWS: Row[] = LONG
  ? [
      { rate: 0.1, kinds: ['single', 'aggregated'], records: 5_000, maxAttempts: 5, batchSize: 150 },
      { rate: 0.3, kinds: ['single', 'aggregated'], records: 5_000, maxAttempts: 5, batchSize: 150 },
      { rate: 0.6, kinds: ['aggregated'], records: 20_000, maxAttempts: 5, batchSize: 150 },
      { rate: 0.6, kinds: ['single'], records: 300, maxAttempts: 5, batchSize: 150 },
      { rate: 0.1, kinds: ['single', 'aggregated'], records: 2_000, maxAttempts: 1, batchSize: 20 },
      { rate: 0.3, kinds: ['single', 'aggregated'], records: 2_000, maxAttempts: 1, batchSize: 20 },
      { rate: 0.6, kinds: ['aggregated'], records: 5_000, maxAttempts: 1, batchSize: 50 },
    ]
  : [
      { rate: 0.1, kinds: ['single', 'aggregated'], records: 400, maxAttempts: 5, batchSize: 20 },
      { rate: 0.3, kinds: ['single', 'aggregated'], records: 300, maxAttempts: 1, batchSize: 20 },
      { rate: 0.6, kinds: ['aggregated'], records: 1_200, maxAttempts: 1, batchSize: 50 },
    ];

function expectNothingLost(result: PipelineResult): void {
  const run = result.kinds.single;
  if (!run) return;
  expect({ lost: run.lost, unexpected: run.unexpected }).toEqual({ lost: 0, unexpected: 0 });
  // CloudWatch holds each valid record once, plus every copy the ledger saw.
  expect(run.readBack.stats.SampleCount).toBe(result.valid.length + run.doubled);
  expect(run.readBack.stats.Minimum).toBe(Math.min(...result.valid));
  expect(run.readBack.stats.Maximum).toBe(Math.max(...result.valid));
  expect(run.readBack.invalidRecords).toBeGreaterThanOrEqual(result.invalid);
  expect(run.mapping.givenUp).toEqual([]);
}

describe('faults on PutMetricData through the whole pipeline', () => {
  for (const row of ROWS) {
    const what = `${row.rate * 100}% of requests faulted, ${row.records} records, ${row.kinds.join(' and ')}${
      row.maxAttempts === 1 ? ', no SDK retries' : ''
    }`;
    it(`${what}: the aggregated path stores each valid record once, the baseline loses none`, async () => {
      const options: PipelineOptions = {
        kinds: row.kinds,
        records: row.records,
        // kinesis-local takes N²/S to store N records in S shards: big runs get more shards.
        shards: row.records >= 5_000 ? 8 : 2,
        batchSize: row.batchSize,
        faultRate: row.rate,
        faultSeed: 7,
        // A slow answer is still a fault to live through; CI waits less for each.
        slowResponseMs: LONG ? 300 : 50,
        badRatio: 0.05,
        seed: 11,
        env: { MAX_ATTEMPTS: String(row.maxAttempts) },
        // Bounded, yet far past what a fault sequence can do to one batch in a row.
        maxRetryAttempts: 50,
      };
      const result = await runPipeline(options);
      expect(result.endpoint.putMetricData.faulted).toBeGreaterThan(0);
      expectAggregatedExactlyOnce(result);
      expectNothingLost(result);
      for (const kind of row.kinds) {
        const run = result.kinds[kind];
        if (!run) continue;
        recordFigures(`faults-${row.rate}-${kind}-attempts-${row.maxAttempts}`, {
          faultRate: row.rate,
          kind,
          maxAttempts: row.maxAttempts,
          batchSize: row.batchSize,
          records: result.records,
          valid: result.valid.length,
          invalid: result.invalid,
          lost: run.lost,
          doubled: run.doubled,
          sampleCount: run.readBack.stats.SampleCount,
          putMetricDataCalls: run.calls,
          faultsInjected: result.endpoint.putMetricData.faulted,
          invocations: run.mapping.invocations,
          batchRetries: run.mapping.retries,
          givenUp: run.mapping.givenUp.length,
          consumeSeconds: result.consumeMs / 1000,
          recordsPerSecond: Math.round(result.records / (result.consumeMs / 1000)),
          peakContainerRssMb: Math.round(run.peakContainerRssMb),
        });
      }
    });
  }
});
