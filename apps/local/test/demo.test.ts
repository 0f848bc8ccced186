/**
 * The pipeline end to end through the programmatic API: real kinesis-local, real local CloudWatch, the
 * built handler bundles in their own processes. Small runs; the full-size figures are in the README.
 */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { isRunning, startEventSourceMapping, startLocalFunction } from '@cwagg/local-lambda';
import { createKinesisClient, produce } from '@cwagg/producer';
import { describe, expect, it } from 'vitest';
import {
  type DemoError,
  type DemoProgress,
  differences,
  handlerBundle,
  localFunctionEnvironment,
  readHandlerMetrics,
  runDemo,
  startLocalStack,
  statisticsOf,
} from '../src/index.js';

const BATCH_SIZE = 150;

describe('runDemo', () => {
  it('with --preset web: every (metric, dimensions) series read back as sent by both handlers, one call per batch', async () => {
    const result = await runDemo({
      records: 600,
      shards: 2,
      batchSize: BATCH_SIZE,
      badRatio: 0.05,
      seed: 9,
      preset: 'web',
    });
    const mapping = result.mapping;
    expect(mapping?.agree).toBe(true);
    expect(result.agree).toBe(true);
    // Two metrics under [route] and [route, status]: 5 routes, 4 statuses.
    expect(mapping?.series.length).toBeGreaterThan(20);
    const valid = result.records - result.invalid;
    const counted = (metric: string, names: string) =>
      (mapping?.series ?? [])
        .filter((row) => row.metric === metric && Object.keys(row.dimensions).sort().join() === names)
        .reduce((sum, row) => sum + (row.single.SampleCount ?? 0), 0);
    expect(counted('latencyMs', 'route')).toBeLessThanOrEqual(valid);
    expect(counted('latencyMs', 'route,status')).toBe(counted('latencyMs', 'route'));
    // The malformed payloads: not JSON at all (invalid records), or JSON without the fields (set aside).
    expect(result.single.invalid).toBe(result.invalid);
    expect(result.aggregated.invalid).toBe(result.invalid);
    expect(mapping?.setAside.single).toBe(mapping?.setAside.sent);
    expect(mapping?.setAside.aggregated).toBe(mapping?.setAside.sent);
    expect(result.aggregated.putMetricDataCalls).toBe(Math.ceil(600 / BATCH_SIZE));
    // One call per value and dimension set for the baseline.
    expect(result.single.putMetricDataCalls).toBe(
      counted('latencyMs', 'route') * 2 + counted('bytes', 'route') * 2,
    );
  });

  it('feeds both handlers the same records: identical statistics, one call per valid record vs one per batch, nothing left running', async () => {
    const phases: DemoProgress['phase'][] = [];
    const result = await runDemo({
      records: 3_000,
      shards: 2,
      batchSize: BATCH_SIZE,
      badRatio: 0.05,
      seed: 42,
      onProgress: (progress) => {
        if (phases.at(-1) !== progress.phase) phases.push(progress.phase);
      },
    });

    expect(phases).toEqual(['starting', 'producing', 'consuming', 'reading']);
    expect(result.records).toBe(3_000);
    expect(result.invalid).toBeGreaterThan(100); // ~5% of 3,000 malformed
    const valid = result.records - result.invalid;

    // Both read back exactly what was sent, and so agree with each other.
    expect(result.agree).toBe(true);
    expect(result.single.stats).toEqual(result.aggregated.stats);
    expect(result.single.matchesProduced && result.aggregated.matchesProduced).toBe(true);
    expect(result.aggregated.stats.SampleCount).toBe(valid);
    expect(result.single.invalid).toBe(result.invalid);
    expect(result.aggregated.invalid).toBe(result.invalid);

    // Calls: one per valid record for the baseline; one per batch (invocation) for the aggregated path.
    // Records go round the shards in whole batches, so the batches are exactly ceil(records / 150).
    expect(result.settings.partitioning).toBe('batches');
    expect(result.single.putMetricDataCalls).toBe(valid);
    expect(result.aggregated.putMetricDataCalls).toBe(result.aggregated.invocations);
    expect(result.aggregated.invocations).toBe(Math.ceil(3_000 / BATCH_SIZE));
    expect(result.aggregated.publishedCalls).toBe(result.aggregated.putMetricDataCalls);
    expect(result.single.requestBytes).toBeGreaterThan(10 * result.aggregated.requestBytes);
    expect(result.single.costPerMillionRecordsUsd).toBeCloseTo((valid / 3_000) * 10, 6);
    for (const handler of [result.single, result.aggregated]) {
      expect(handler).toMatchObject({ retries: 0, functionErrors: 0, givenUp: [] });
    }

    // Every process it started is gone: kinesis-local and each function container.
    const pids = [result.processes.kinesisLocal, ...result.processes.single, ...result.processes.aggregated];
    expect(result.processes.single.length).toBeGreaterThan(0);
    expect(pids.every((pid) => pid > 0)).toBe(true);
    expect(pids.filter(isRunning)).toEqual([]);
  });

  it('with faults on PutMetricData, the aggregated path, per batch and in windows, still stores every valid record exactly once', async () => {
    const result = await runDemo({
      records: 600,
      shards: 1,
      faultRate: 0.3,
      faultSeed: 7,
      seed: 3,
      windowSeconds: 2,
    });
    expect(result.aggregated.stats).toEqual(result.expected);
    // The windowed column: the same statistics, at most one stored call per window (no early flush here).
    const windowed = result.windowed;
    expect(windowed?.stats).toEqual(result.expected);
    expect(windowed).toMatchObject({ givenUp: [], withinBound: true, earlyFlushes: 0, windowSeconds: 2 });
    expect(windowed?.publishedCalls).toBeLessThanOrEqual(windowed?.windows ?? 0);
    expect(windowed?.delayMs.mean).toBeGreaterThan(0);
    expect((result.processes.windowed ?? []).length).toBeGreaterThan(0);
    expect((result.processes.windowed ?? []).filter(isRunning)).toEqual([]);
    expect(result.aggregated.givenUp).toEqual([]);
    // The baseline loses nothing either; after a partial failure it may count a record twice.
    expect(result.single.givenUp).toEqual([]);
    expect(result.single.stats.SampleCount).toBeGreaterThanOrEqual(600);
    // Retries are counted in the calls: more requests than records.
    expect(result.single.putMetricDataCalls).toBeGreaterThan(600);
  });

  it('stops everything it started when aborted, and says in which phase', async () => {
    const controller = new AbortController();
    const run = runDemo({
      records: 20_000,
      shards: 2,
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.phase === 'producing' && !controller.signal.aborted) controller.abort();
      },
    }).catch((error: unknown) => error);
    const error = await run;
    expect(error).toMatchObject({ name: 'DemoError', phase: 'producing' });
    const processes = (error as DemoError).processes;
    const pids = [
      processes?.kinesisLocal ?? -1,
      ...(processes?.single ?? []),
      ...(processes?.aggregated ?? []),
    ];
    expect(pids.every((pid) => pid > 0)).toBe(true);
    expect(pids.filter(isRunning)).toEqual([]);
  });
});

describe('a function container killed in the middle of a batch', () => {
  it('is replaced by a cold start and the batch retried from the checkpoint: nothing lost, nothing doubled', async () => {
    const stack = await startLocalStack();
    const client = createKinesisClient({ endpoint: stack.kinesis.endpoint, region: stack.kinesis.region });
    const fn = startLocalFunction({
      name: 'aggregated',
      bundleFile: handlerBundle('aggregated'),
      env: localFunctionEnvironment(stack.cloudwatch.endpoint, { LOG_LEVEL: 'silent' }),
    });
    const cloudwatch = new CloudWatchClient({
      endpoint: stack.cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const started = Date.now();
    try {
      await produce({
        stream: 'kill-test',
        endpoint: stack.kinesis.endpoint,
        region: stack.kinesis.region,
        count: 600,
        createStream: { shards: 1 },
        payload: (index) => String(index % 100),
      });
      let invocations = 0;
      let killed: number | undefined;
      const mapping = await startEventSourceMapping({
        client,
        streamName: 'kill-test',
        batchSize: 100,
        retryBackoff: { baseMs: 1, maxMs: 5 },
        invoke: async (event) => {
          invocations += 1;
          const answer = fn.invoke(event);
          // The third batch: its container is killed as the batch is handed over, so the handler
          // publishes nothing from it (a kill after a PutMetricData was stored would count it twice:
          // the one case no client can close, see @cwagg/kinesis's README).
          if (invocations === 3) killed = fn.kill(undefined, 'SIGKILL');
          return answer;
        },
      });
      const stats = await mapping.waitForRecords(600);
      await mapping.stop();
      expect(killed).toBeGreaterThan(0);
      expect(stats).toMatchObject({ recordsProcessed: 600, functionErrors: 1, retries: 1, givenUp: [] });
      expect(fn.stats()).toMatchObject({ crashes: 1, coldStarts: 2 });

      const metrics = await readHandlerMetrics(cloudwatch, {
        namespace: 'PutMetricDataExample',
        metricName: 'PutMetricDataExample',
        types: ['PutMetricDataValuesAndCounts'],
        from: new Date(started - 120_000),
        to: new Date(Date.now() + 120_000),
      });
      const read = metrics.PutMetricDataValuesAndCounts;
      const expected = new Map(Array.from({ length: 100 }, (_, v) => [v, 6]));
      expect(read?.stats.SampleCount).toBe(600);
      expect(read && differences(read.stats, statisticsOf(expected))).toEqual([]);
    } finally {
      await fn.stop();
      cloudwatch.destroy();
      client.destroy();
      await stack.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
    expect(isRunning(stack.kinesis.pid)).toBe(false);
  });
});
