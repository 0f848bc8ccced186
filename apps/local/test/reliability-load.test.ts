/**
 * Load: the aggregated handler at the event source mapping's largest batch (10,000 records) with 10,000
 * distinct values and with 30 dimensions, and a sustained run of the whole pipeline with records arriving
 * while both functions consume. Memory is checked against generous bounds; speed is reported, not asserted.
 */
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, TYPE_BY_KIND } from '@cwagg/kinesis';
import { isRunning, lambdaEventFromRecords, MAX_BATCH_SIZE, startLocalFunction } from '@cwagg/local-lambda';
import { describe, expect, it } from 'vitest';
import { differences, handlerBundle, localFunctionEnvironment, statisticsOf } from '../src/index.js';
import { LONG, memoryOf, recordFigures } from './support/figures.js';
import { auditLedger, startLedgerProxy } from './support/ledger-proxy.js';
import { runPipeline } from './support/pipeline.js';

/** A container's resident memory must stay under this (a Lambda function of 256 MB would have to). */
const CONTAINER_RSS_LIMIT_MB = 256;

/** 29 dimensions besides the handler's own Type: CloudWatch's limit of 30. */
function dimensions(valueLength: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: 29 }, (_, i) => [
      `Dim${String(i).padStart(2, '0')}`,
      `v${i}-`.padEnd(valueLength, 'x'),
    ]),
  );
}

async function maximumBatch(name: string, extraEnv: Record<string, string>) {
  const cloudwatch = await startCloudWatchLocal({ port: 0 });
  const proxy = await startLedgerProxy({ target: cloudwatch.endpoint, metricName: DEFAULT_METRIC_NAME });
  const reader = new CloudWatchClient({
    endpoint: cloudwatch.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  const fn = startLocalFunction({
    name: 'aggregated',
    bundleFile: handlerBundle('aggregated'),
    env: localFunctionEnvironment(proxy.endpoint, { LOG_LEVEL: 'error', ...extraEnv }),
  });
  const started = Date.now();
  try {
    await fn.warm();
    const pid = fn.containers()[0]?.pid as number;
    const coldRssMb = memoryOf(pid)?.rssMb ?? Number.NaN;
    // 10,000 distinct values, shuffled so the batch is not already sorted.
    const values = Array.from({ length: MAX_BATCH_SIZE }, (_, i) => (i * 7_919) % MAX_BATCH_SIZE);
    const event = lambdaEventFromRecords(
      values.map((value, i) => ({
        data: `${value}.5`,
        sequenceNumber: String(10n ** 20n + BigInt(i)),
        approximateArrivalTimestamp: started,
      })),
    );
    const invokeStart = performance.now();
    const response = await fn.invoke(event);
    const invokeMs = performance.now() - invokeStart;
    const peakRssMb = memoryOf(pid)?.peakMb ?? Number.NaN;
    expect(response).toEqual({ batchItemFailures: [] });

    const sent = values.map((value) => value + 0.5);
    expect(auditLedger(proxy.ledger('cwagg-aggregated'), sent)).toEqual({
      lost: 0,
      doubled: 0,
      unexpected: 0,
    });
    // GetMetricStatistics, not readHandlerMetrics: its 110 queries with 30 dimensions of 1 KB would make a
    // 3 MB GetMetricData request, past the endpoint's 1 MB body limit.
    const Dimensions = Object.entries({
      ...(extraEnv.DIMENSIONS ? JSON.parse(extraEnv.DIMENSIONS) : {}),
      Type: TYPE_BY_KIND.aggregated,
    }).map(([Name, Value]) => ({ Name, Value: String(Value) }));
    const query = {
      Namespace: DEFAULT_NAMESPACE,
      MetricName: DEFAULT_METRIC_NAME,
      Dimensions,
      StartTime: new Date(started - 3_600_000),
      EndTime: new Date(started + 3_600_000),
      Period: 7_200,
    };
    const basic = await reader.send(
      new GetMetricStatisticsCommand({ ...query, Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'] }),
    );
    const extended = await reader.send(
      new GetMetricStatisticsCommand({ ...query, ExtendedStatistics: ['p50', 'p90', 'p99'] }),
    );
    const point = basic.Datapoints?.[0];
    const stats = {
      SampleCount: point?.SampleCount ?? null,
      Sum: point?.Sum ?? null,
      Minimum: point?.Minimum ?? null,
      Maximum: point?.Maximum ?? null,
      p50: extended.Datapoints?.[0]?.ExtendedStatistics?.p50 ?? null,
      p90: extended.Datapoints?.[0]?.ExtendedStatistics?.p90 ?? null,
      p99: extended.Datapoints?.[0]?.ExtendedStatistics?.p99 ?? null,
    };
    expect(differences(stats, statisticsOf(new Map(sent.map((v) => [v, 1]))))).toEqual([]);
    expect(peakRssMb).toBeLessThan(CONTAINER_RSS_LIMIT_MB);
    const figures = {
      records: MAX_BATCH_SIZE,
      distinctValues: MAX_BATCH_SIZE,
      putMetricDataCalls: proxy.calls('cwagg-aggregated'),
      requestBytes: cloudwatch.stats().putMetricData.wireBytes,
      uncompressedBytes: cloudwatch.stats().putMetricData.uncompressedBytes,
      invokeMs: Math.round(invokeMs),
      coldRssMb: Math.round(coldRssMb),
      peakRssMb: Math.round(peakRssMb),
    };
    recordFigures(name, figures);
    return figures;
  } finally {
    await fn.stop();
    reader.destroy();
    await proxy.close();
    await cloudwatch.stop();
    expect(fn.pids().filter(isRunning)).toEqual([]);
  }
}

describe("the aggregated handler at the event source mapping's largest batch", () => {
  it('10,000 records with 10,000 distinct values: one PutMetricData, every value stored once', async () => {
    const figures = await maximumBatch('max-batch-distinct', {});
    expect(figures.putMetricDataCalls).toBe(1);
  });

  it('the same with 30 dimensions: still one call', async () => {
    const figures = await maximumBatch('max-batch-30-dimensions', {
      DIMENSIONS: JSON.stringify(dimensions(32)),
    });
    expect(figures.putMetricDataCalls).toBe(1);
  });

  it('with 30 dimensions of 1,024 characters: a few calls (1 MB each), every value stored once', async () => {
    const figures = await maximumBatch('max-batch-30-wide-dimensions', {
      DIMENSIONS: JSON.stringify(dimensions(1_024)),
    });
    // 67 datums of ~31 KB of dimensions each: about 2 MB, so 3 requests at most.
    expect(figures.putMetricDataCalls).toBeGreaterThan(1);
    expect(figures.putMetricDataCalls).toBeLessThanOrEqual(3);
  });
});

describe('a sustained run of the whole pipeline', () => {
  const seconds = LONG ? 300 : 15;
  const rate = 100;
  it(`${seconds} s of records at ${rate}/s into 4 shards while both functions consume: nothing lost, memory bounded`, async () => {
    const result = await runPipeline({
      kinds: ['single', 'aggregated'],
      durationMs: seconds * 1_000,
      rate,
      shards: LONG ? 8 : 4,
      batchSize: 100,
      badRatio: 0.02,
      seed: 3,
      containers: 2,
      faultRate: 0.05,
      faultSeed: 5,
      slowResponseMs: 50,
    });
    expect(result.records).toBeGreaterThan(seconds * rate * 0.5);
    const aggregated = result.kinds.aggregated;
    const single = result.kinds.single;
    if (!aggregated || !single) throw new Error('both functions ran');
    expect({ lost: aggregated.lost, doubled: aggregated.doubled }).toEqual({ lost: 0, doubled: 0 });
    expect(aggregated.readBack.stats.SampleCount).toBe(result.valid.length);
    expect(single.lost).toBe(0);
    expect(single.readBack.stats.SampleCount).toBe(result.valid.length + single.doubled);
    for (const run of [aggregated, single]) {
      expect(run.mapping.givenUp).toEqual([]);
      expect(run.peakContainerRssMb).toBeLessThan(CONTAINER_RSS_LIMIT_MB);
    }
    recordFigures('sustained', {
      seconds,
      ratePerSecond: rate,
      records: result.records,
      valid: result.valid.length,
      consumeSeconds: result.consumeMs / 1000,
      recordsPerSecond: Math.round(result.records / (result.consumeMs / 1000)),
      aggregatedCalls: aggregated.calls,
      singleCalls: single.calls,
      aggregatedLost: aggregated.lost,
      aggregatedDoubled: aggregated.doubled,
      singleLost: single.lost,
      singleDoubled: single.doubled,
      peakContainerRssMb: {
        single: Math.round(single.peakContainerRssMb),
        aggregated: Math.round(aggregated.peakContainerRssMb),
      },
      kinesisLocalPeakRssMb: Math.round(result.kinesisPeakRssMb),
      testProcessRssMb: Math.round(process.memoryUsage().rss / 1024 / 1024),
    });
  });
});
