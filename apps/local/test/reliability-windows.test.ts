/**
 * The aggregated handler in tumbling windows (TumblingWindowInSeconds), end to end through the one-machine
 * pipeline, with the ledger between the function and CloudWatch telling record by record what was stored:
 * faults on PutMetricData (the window's final invocation fails, Lambda re-invokes it with the same state),
 * and containers killed in the middle of a window (the invocation fails, Lambda retries it with the state it
 * had). Every valid record is stored exactly once.
 *
 * CI runs a few thousand records; CWAGG_LONG=1 (the reliability script) runs 100,000 records in 10-second
 * windows with 30% of requests faulted, the rows in RELIABILITY.md.
 */
import { seededRandom } from '@cwagg/cli';
import { describe, expect, it } from 'vitest';
import { expectAggregatedExactlyOnce } from './support/exactly-once.js';
import { LONG, recordFigures } from './support/figures.js';
import { type PipelineOptions, type PipelineResult, runPipeline } from './support/pipeline.js';

/** The long runs take minutes (kinesis-local slows down as the stream fills); CI keeps the config's timeout. */
const TIMEOUT_MS = LONG ? 3_600_000 : undefined;

/** Long enough for several batches, short enough for a CI run. */
const WINDOW_SECONDS = 10;

function expectExactlyOnce(result: PipelineResult): void {
  const run = expectAggregatedExactlyOnce(result);
  expect(run).toBeDefined();
  // The windows did close: each shard's checkpoint moved only with a final invocation.
  expect((run?.mapping.windowsClosed ?? 0) + (run?.mapping.windowsEndedEarly ?? 0)).toBeGreaterThan(0);
}

function figures(result: PipelineResult, extra: Record<string, unknown>): Record<string, unknown> {
  const run = result.kinds.aggregated;
  return {
    windowSeconds: WINDOW_SECONDS,
    records: result.records,
    valid: result.valid.length,
    invalid: result.invalid,
    lost: run?.lost,
    doubled: run?.doubled,
    sampleCount: run?.readBack.stats.SampleCount,
    putMetricDataCalls: run?.calls,
    publishedCalls: run?.readBack.publishedCalls,
    windowsClosed: run?.mapping.windowsClosed,
    windowsEndedEarly: run?.mapping.windowsEndedEarly,
    invocations: run?.mapping.invocations,
    retries: run?.mapping.retries,
    faultsInjected: result.endpoint.putMetricData.faulted,
    consumeSeconds: result.consumeMs / 1000,
    meanDelaySeconds: Math.round((run?.mapping.recordDelay.meanMs ?? 0) / 100) / 10,
    ...extra,
  };
}

const FAULT_ROWS = LONG
  ? [
      { rate: 0.1, records: 20_000, shards: 8, badRatio: 0.05 },
      { rate: 0.3, records: 100_000, shards: 16, badRatio: 0 },
      { rate: 0.6, records: 20_000, shards: 8, badRatio: 0.05 },
    ]
  : [{ rate: 0.3, records: 3_000, shards: 2, badRatio: 0 }];

describe('the aggregated handler in tumbling windows, through the whole pipeline', () => {
  for (const row of FAULT_ROWS) {
    it(
      `${row.rate * 100}% of requests faulted, ${row.records} records in ${WINDOW_SECONDS}-second windows: each valid record stored once`,
      async () => {
        const options: PipelineOptions = {
          kinds: ['aggregated'],
          records: row.records,
          shards: row.shards,
          batchSize: 500,
          tumblingWindowSeconds: WINDOW_SECONDS,
          faultRate: row.rate,
          faultSeed: 7,
          slowResponseMs: LONG ? 300 : 50,
          badRatio: row.badRatio,
          seed: 11,
          // One attempt: every fault fails the final invocation and reaches the mapping, which re-invokes it
          // with the same state, the harshest case.
          env: { MAX_ATTEMPTS: '1' },
          maxRetryAttempts: 50,
        };
        const result = await runPipeline(options);
        expect(result.endpoint.putMetricData.faulted).toBeGreaterThan(0);
        expectExactlyOnce(result);
        if (row.badRatio === 0) expect(result.kinds.aggregated?.readBack.stats.SampleCount).toBe(row.records);
        recordFigures(
          `windows-faults-${row.rate}`,
          figures(result, { faultRate: row.rate, shards: row.shards }),
        );
      },
      TIMEOUT_MS,
    );
  }

  it(
    'containers killed in the middle of windows: each valid record stored once',
    async () => {
      const random = seededRandom(LONG ? 4321 : 23);
      let kills = 0;
      let finalsInFlight = 0;
      const result = await runPipeline({
        kinds: ['aggregated'],
        records: LONG ? 20_000 : 1_500,
        shards: LONG ? 8 : 2,
        batchSize: 100,
        tumblingWindowSeconds: WINDOW_SECONDS,
        badRatio: 0.05,
        seed: 9,
        maxRetryAttempts: 50,
        onInvoke: (_kind, fn, _invocation, event, answer) => {
          // Only mid-window: never while a final invocation is in flight (its publication stored and then
          // killed before it answers counts that request twice, as for the per-batch handler: the K rows).
          if (event.isFinalInvokeForWindow) {
            finalsInFlight += 1;
            const done = () => {
              finalsInFlight -= 1;
            };
            answer.then(done, done);
            return;
          }
          if (random() >= 0.3) return;
          setTimeout(() => {
            if (finalsInFlight > 0) return;
            if (fn.kill(undefined, 'SIGKILL') !== undefined) kills += 1;
          }, random() * 40);
        },
      });
      expect(kills).toBeGreaterThan(0);
      expectExactlyOnce(result);
      recordFigures('windows-kill-mid-window', figures(result, { kills }));
    },
    TIMEOUT_MS,
  );
});
