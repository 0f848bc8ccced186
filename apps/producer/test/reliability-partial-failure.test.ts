/**
 * The producer under everything PutRecords can do wrong at once, with every record naming itself so that
 * losses and duplicates show: per-record failures of both retryable codes, throttled calls, 500s and
 * connections dropped before Kinesis saw them (partial-failure.test.ts has each alone). Then the one case
 * no producer can close, measured: Kinesis stored a call whose answer never arrived.
 * CWAGG_LONG=1 sends more records.
 */
import { appendFileSync } from 'node:fs';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisClient, ensureStream, produce } from '../src/index.js';
import { type ChaosAction, startChaosProxy } from './support/chaos-proxy.js';
import { startFailingProxy } from './support/failing-proxy.js';
import { readAllRecords } from './support/kinesis.js';

const LONG = process.env.CWAGG_LONG === '1';
const endpoint = inject('kinesisEndpoint');
let client: KinesisClient;
beforeAll(() => {
  client = createKinesisClient({ endpoint });
});
afterAll(() => {
  client?.destroy();
});

function recordFigures(row: string, figures: Record<string, unknown>): void {
  const out = process.env.CWAGG_RELIABILITY_OUT;
  if (out) appendFileSync(out, `${JSON.stringify({ suite: '@cwagg/producer', row, ...figures })}\n`);
}

const numbered = (i: number) => `record-${i}`;
const fast = { baseMs: 1, maxMs: 20 };

/** A repeating pattern of call outcomes, so every kind shows up in every run. */
function every(pattern: readonly ChaosAction[]): (call: number) => ChaosAction {
  return (call) => pattern[call % pattern.length] as ChaosAction;
}

describe('the producer under partial failures, throttling, 500s and dropped connections together', () => {
  it('delivers every record exactly once', async () => {
    const count = LONG ? 20_000 : 2_000;
    await ensureStream(client, 'chaos-exactly-once', { shards: 4 });
    const failing = await startFailingProxy({
      target: endpoint,
      recordFailureRate: 0.2,
      throttleEvery: 5,
      seed: 3,
    });
    const chaos = await startChaosProxy(
      failing.endpoint,
      every(['forward', 'fail-500', 'forward', 'drop-before', 'forward', 'forward', 'forward']),
    );
    try {
      const summary = await produce({
        stream: 'chaos-exactly-once',
        endpoint: chaos.endpoint,
        count,
        payload: numbered,
        maxAttempts: 50,
        backoff: fast,
      });
      expect(summary).toMatchObject({ sent: count, failed: 0, unsent: 0 });
      expect(chaos.stats.byAction['fail-500']).toBeGreaterThan(0);
      expect(chaos.stats.byAction['drop-before']).toBeGreaterThan(0);
      expect(chaos.stats.relabelled).toBeGreaterThan(0);
      expect(failing.stats.failedRecords).toBeGreaterThan(0);
      expect(failing.stats.throttledCalls).toBeGreaterThan(0);

      const stored = (await readAllRecords(client, 'chaos-exactly-once')).map((r) => r.data);
      expect(stored).toHaveLength(count);
      expect(new Set(stored)).toEqual(new Set(Array.from({ length: count }, (_, i) => numbered(i))));
      recordFigures('producer-exactly-once', {
        records: count,
        stored: stored.length,
        duplicates: stored.length - new Set(stored).size,
        lost: count - new Set(stored).size,
        putRecordsCalls: chaos.stats.calls,
        calls500: chaos.stats.byAction['fail-500'],
        dropsBeforeForward: chaos.stats.byAction['drop-before'],
        throttledCalls: failing.stats.throttledCalls,
        failedRecordAttempts: failing.stats.failedRecords,
        internalFailureRecords: chaos.stats.relabelled,
        retries: summary.retries,
      });
    } finally {
      await chaos.close();
      await failing.close();
    }
  });

  it('at least once: a call Kinesis stored but whose answer was lost is sent again (measured)', async () => {
    const count = LONG ? 10_000 : 2_000;
    await ensureStream(client, 'chaos-lost-answers', { shards: 2 });
    const chaos = await startChaosProxy(endpoint, every(['forward', 'lose-answer', 'forward']));
    try {
      const summary = await produce({
        stream: 'chaos-lost-answers',
        endpoint: chaos.endpoint,
        count,
        payload: numbered,
        maxAttempts: 50,
        backoff: fast,
      });
      expect(summary).toMatchObject({ sent: count, failed: 0 });
      const stored = (await readAllRecords(client, 'chaos-lost-answers')).map((r) => r.data);
      const distinct = new Set(stored);
      // Nothing lost; each record of a lost answer is in the stream twice (or more, if its retry's was lost too).
      expect(distinct.size).toBe(count);
      expect(stored.length - count).toBe(chaos.stats.recordsInLostAnswers);
      expect(chaos.stats.recordsInLostAnswers).toBeGreaterThan(0);
      recordFigures('producer-lost-answers', {
        records: count,
        putRecordsCalls: chaos.stats.calls,
        lostAnswers: chaos.stats.byAction['lose-answer'],
        duplicates: stored.length - count,
        lost: count - distinct.size,
      });
    } finally {
      await chaos.close();
    }
  });
});
