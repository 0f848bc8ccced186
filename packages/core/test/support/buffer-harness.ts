/**
 * MetricsBuffer tests against the JSON 1.0 stub, with vitest's fake timers driving the flush schedule (only
 * setTimeout and Date are faked, sockets stay real). Each test file calls `useBufferHarness()` once.
 */
import { once } from 'node:events';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, beforeEach, expect, vi } from 'vitest';
import {
  type DropReport,
  type FlushReport,
  MetricsBuffer,
  type MetricsBufferOptions,
  type MetricsBufferStats,
  type RejectedValue,
} from '../../src/index.js';
import { type Answer, type CloudWatchStub, startCloudWatchStub } from './cloudwatch-stub.js';

/** The fake clock's start: ten seconds into a minute, so that alignment to the minute is visible. */
export const START = Date.UTC(2026, 10, 25, 12, 0, 10);

const stubs: CloudWatchStub[] = [];
const buffers: MetricsBuffer[] = [];

export function useBufferHarness(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(START);
  });
  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(buffers.splice(0).map((buffer) => buffer.close()));
    await Promise.all(stubs.splice(0).map((stub) => stub.close()));
  });
}

export async function stubWith(...script: (Answer | Answer[])[]): Promise<CloudWatchStub> {
  const stub = await startCloudWatchStub(script.flat());
  stubs.push(stub);
  return stub;
}

/** SDK retries off (maxAttempts 1): the SDK's back-off sleeps would wait on the fake clock. */
export function clientFor(stub: CloudWatchStub): CloudWatchClient {
  return new CloudWatchClient({
    endpoint: stub.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
}

/** A buffer on the stub, closed after the test; `random` 0.5 puts the offset in the middle of the jitter. */
export function buffer(stub: CloudWatchStub, options: Partial<MetricsBufferOptions> = {}): MetricsBuffer {
  const metrics = new MetricsBuffer({
    namespace: 'Test',
    client: clientFor(stub),
    random: () => 0.5,
    ...options,
  });
  buffers.push(metrics);
  return metrics;
}

/** Everything each event reported, to check that the accounts add up. */
export function listen(metrics: MetricsBuffer) {
  const seen = {
    flushes: [] as FlushReport[],
    drops: [] as DropReport[],
    rejected: [] as RejectedValue[],
    errors: [] as string[],
  };
  metrics.on('flush', (report) => seen.flushes.push(report));
  metrics.on('drop', (report) => seen.drops.push(report));
  metrics.on('rejected', (values) => seen.rejected.push(...values));
  metrics.on('error', (_error, context) => seen.errors.push(context.errorCode));
  return seen;
}

export function nextFlush(metrics: MetricsBuffer): Promise<FlushReport> {
  return once(metrics, 'flush').then(([report]) => report as FlushReport);
}

/** Samples the stub received, from the StatisticValues of every datum. */
export function samplesReceived(stub: CloudWatchStub): number {
  let samples = 0;
  for (const request of stub.received) {
    for (const datum of request.json.MetricData) {
      samples += (datum as unknown as { StatisticValues: { SampleCount: number } }).StatisticValues
        .SampleCount;
    }
  }
  return samples;
}

export function expectBalanced(stats: MetricsBufferStats): void {
  expect(stats.recorded).toBe(
    stats.sent + stats.dropped + stats.rejected + stats.buffered + stats.retrying + stats.inFlight,
  );
}
