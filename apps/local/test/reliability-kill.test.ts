/**
 * Function containers killed in the middle of batches, and an event source mapping stopped and resumed
 * from its checkpoints, with a ledger of what CloudWatch stored record by record (one value per record).
 */

import { seededRandom } from '@cwagg/cli';
import { startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import type { HandlerKind } from '@cwagg/kinesis';
import { DEFAULT_METRIC_NAME } from '@cwagg/kinesis';
import {
  isRunning,
  type LocalFunction,
  startEventSourceMapping,
  startKinesisLocal,
  startLocalFunction,
} from '@cwagg/local-lambda';
import { createKinesisClient, produce } from '@cwagg/producer';
import { describe, expect, it, vi } from 'vitest';
import { handlerBundle, localFunctionEnvironment } from '../src/index.js';
import { LONG, recordFigures } from './support/figures.js';
import { auditLedger, startLedgerProxy } from './support/ledger-proxy.js';
import { runPipeline } from './support/pipeline.js';

describe('a container killed in the middle of a batch', () => {
  it('at hand-over or with its PutMetricData on the wire loses nothing; after CloudWatch stored it, that call counts twice', async () => {
    const functions = new Map<HandlerKind, LocalFunction>();
    const killed: string[] = [];
    let storedThenKilled = 0;
    const kill = (kind: HandlerKind, when: string): void => {
      if (functions.get(kind)?.kill(undefined, 'SIGKILL') !== undefined) killed.push(`${kind} ${when}`);
    };
    const result = await runPipeline({
      kinds: ['single', 'aggregated'],
      records: 600,
      shards: 1,
      batchSize: 50,
      badRatio: 0.05,
      seed: 5,
      onInvoke: (kind, fn, invocation) => {
        functions.set(kind, fn);
        if (kind === 'aggregated' && invocation === 2) kill(kind, 'as the batch is handed over');
      },
      proxy: {
        beforeForward: (put) => {
          if (put.appId !== 'cwagg-aggregated' || put.index !== 3) return 'forward';
          kill('aggregated', 'with its PutMetricData held on the wire');
          return 'drop';
        },
        afterAnswer: (put, status) => {
          if (status !== 200) return;
          if (put.appId === 'cwagg-aggregated' && put.index === 6) {
            storedThenKilled = put.samples;
            kill('aggregated', 'after CloudWatch stored its PutMetricData, before the answer');
          }
          if (put.appId === 'cwagg-single' && put.index === 120) kill('single', 'after 120 stored calls');
        },
      },
    });
    expect(killed).toHaveLength(4);
    const aggregated = result.kinds.aggregated;
    const single = result.kinds.single;
    if (!aggregated || !single) throw new Error('both functions ran');
    expect(aggregated.function).toMatchObject({ crashes: 3, coldStarts: 4 });
    expect(single.function).toMatchObject({ crashes: 1, coldStarts: 2 });
    // Nothing lost by either; the aggregated path counts twice exactly the call stored before its answer.
    expect(aggregated.lost).toBe(0);
    expect(aggregated.unexpected).toBe(0);
    expect(storedThenKilled).toBeGreaterThan(0);
    expect(aggregated.doubled).toBe(storedThenKilled);
    expect(aggregated.readBack.stats.SampleCount).toBe(result.valid.length + storedThenKilled);
    expect(single.lost).toBe(0);
    expect(single.doubled).toBeGreaterThan(0);
    expect(single.readBack.stats.SampleCount).toBe(result.valid.length + single.doubled);
    for (const run of [aggregated, single]) expect(run.mapping.givenUp).toEqual([]);
    recordFigures('kill-scripted', {
      records: result.records,
      valid: result.valid.length,
      kills: killed,
      aggregatedLost: aggregated.lost,
      aggregatedDoubled: aggregated.doubled,
      aggregatedStoredBeforeKill: storedThenKilled,
      singleLost: single.lost,
      singleDoubled: single.doubled,
    });
  });

  it('at random moments, over and over: nothing lost by either function', async () => {
    const random = seededRandom(LONG ? 1234 : 17);
    let kills = 0;
    const result = await runPipeline({
      kinds: ['single', 'aggregated'],
      records: LONG ? 5_000 : 600,
      shards: LONG ? 4 : 2,
      batchSize: 50,
      badRatio: 0.05,
      seed: 9,
      maxRetryAttempts: 50,
      onInvoke: (_kind, fn) => {
        if (random() >= 0.3) return;
        setTimeout(() => {
          if (fn.kill(undefined, 'SIGKILL') !== undefined) kills += 1;
        }, random() * 40);
      },
    });
    expect(kills).toBeGreaterThan(2);
    for (const kind of ['single', 'aggregated'] as const) {
      const run = result.kinds[kind];
      expect(run?.lost, kind).toBe(0);
      expect(run?.unexpected, kind).toBe(0);
      expect(run?.mapping.givenUp, kind).toEqual([]);
      expect(run?.readBack.stats.SampleCount, kind).toBe(result.valid.length + (run?.doubled ?? 0));
    }
    recordFigures('kill-random', {
      records: result.records,
      valid: result.valid.length,
      kills,
      crashes: {
        single: result.kinds.single?.function.crashes,
        aggregated: result.kinds.aggregated?.function.crashes,
      },
      aggregatedLost: result.kinds.aggregated?.lost,
      aggregatedDoubled: result.kinds.aggregated?.doubled,
      singleLost: result.kinds.single?.lost,
      singleDoubled: result.kinds.single?.doubled,
    });
  });
});

describe('an event source mapping stopped between batches', () => {
  it('resumes from its checkpoints in a new mapping: every record stored exactly once', async () => {
    const kinesis = await startKinesisLocal();
    const cloudwatch = await startCloudWatchLocal({ port: 0 });
    const proxy = await startLedgerProxy({ target: cloudwatch.endpoint, metricName: DEFAULT_METRIC_NAME });
    const client = createKinesisClient({ endpoint: kinesis.endpoint, region: kinesis.region });
    const fn = startLocalFunction({
      name: 'aggregated',
      bundleFile: handlerBundle('aggregated'),
      env: localFunctionEnvironment(proxy.endpoint, { LOG_LEVEL: 'error' }),
    });
    // Every shard must hold more than the 6 batches of 50 the first mapping handles: a poller that handled its
    // whole shard never comes to the gate, and the wait below would never end (900 records, about 300 a shard,
    // left one short now and then). 1,200 with this seed: 384, 399 and 417.
    const records = 1200;
    try {
      await produce({
        stream: 'restart',
        client,
        count: records,
        seed: 7,
        createStream: { shards: 3 },
        payload: (index) => String(index),
      });
      // The first mapping handles 6 batches, then its pollers wait on a gate that never opens: it is stopped
      // there, between batches, as when Lambda moves a shard to another poller.
      let invocations = 0;
      const gate = new Promise<never>(() => {});
      const first = await startEventSourceMapping({
        client,
        streamName: 'restart',
        batchSize: 50,
        idlePollMs: 100,
        invoke: (event) => (++invocations > 6 ? gate : fn.invoke(event)),
      });
      // Each of the 3 pollers ends up waiting on the gate: 6 batches handled, 3 calls held.
      await vi.waitFor(() => expect(invocations, 'calls: 6 handled, then one held per poller').toBe(9), {
        timeout: 60_000,
        interval: 50,
      });
      await first.stop();
      const checkpoints = first.checkpoints();
      const handled = first.stats().recordsProcessed;
      expect(first.stats().invocations).toBe(9);
      expect(handled).toBeGreaterThan(0);
      expect(handled).toBeLessThan(records);

      const second = await startEventSourceMapping({
        client,
        streamName: 'restart',
        batchSize: 50,
        idlePollMs: 100,
        startingPosition: (shardId) => {
          const checkpoint = checkpoints[shardId];
          return checkpoint ? { afterSequenceNumber: checkpoint } : 'TRIM_HORIZON';
        },
        invoke: (event) => fn.invoke(event),
      });
      await second.waitForRecords(records - handled);
      await second.stop();
      const audit = auditLedger(
        proxy.ledger('cwagg-aggregated'),
        Array.from({ length: records }, (_, i) => i),
      );
      expect(audit).toEqual({ lost: 0, doubled: 0, unexpected: 0 });
      recordFigures('mapping-restart', { records, handledBeforeStop: handled, ...audit });
    } finally {
      await fn.stop();
      client.destroy();
      await proxy.close();
      await cloudwatch.stop();
      await kinesis.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
    expect(isRunning(kinesis.pid)).toBe(false);
  });
});
