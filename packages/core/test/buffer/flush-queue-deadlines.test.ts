/**
 * Every flush and close() ends by its deadline, whatever the endpoint does: a stalled CloudWatch (the stub
 * holding its answer for an hour of fake time, or a socket that never answers) is abandoned when the time is
 * up, and what was abandoned is kept for the next flush or, at close(), dropped and reported.
 * Over real HTTP; the flush and close deadlines run on vitest's fake clock, so durations are exact.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type StalledEndpoint, startStalledEndpoint } from '../../../../test/support/stalled-endpoint.js';
import { MetricsBuffer } from '../../src/index.js';
import { buffer, listen, stubWith, useBufferHarness } from '../support/buffer-harness.js';

useBufferHarness();

/** An answer the stub holds back for an hour of fake time: the test ends long before it would come. */
const STALL = { delayMs: 3_600_000 };

const stalledEndpoints: StalledEndpoint[] = [];
afterEach(async () => {
  await Promise.all(stalledEndpoints.splice(0).map((endpoint) => endpoint.close()));
});

async function stalled(): Promise<StalledEndpoint> {
  const endpoint = await startStalledEndpoint();
  stalledEndpoints.push(endpoint);
  return endpoint;
}

/** Waits on real I/O (setImmediate is not faked) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setImmediate(resolve));
}

/** The promise, and the fake time at which it settled (undefined while it has not). */
function timed<T>(promise: Promise<T>) {
  const result = { promise, settledAt: undefined as number | undefined };
  promise.then(() => {
    result.settledAt = Date.now();
  });
  return result;
}

describe('close(): its deadline bounds the whole of it', () => {
  it('abandons a request nobody answers at closeTimeoutMs, and reports its samples dropped as closed', async () => {
    const stub = await stubWith(STALL);
    const metrics = buffer(stub, { closeTimeoutMs: 1_000 });
    const seen = listen(metrics);
    const willRetry: boolean[] = [];
    metrics.on('error', (_error, context) => willRetry.push(context.willRetry));
    metrics.record('Latency', 1, { count: 5 });
    const started = Date.now();
    const closing = timed(metrics.close());
    await until(() => stub.received.length === 1); // the request is in, and nobody answers
    await vi.advanceTimersByTimeAsync(999);
    expect(closing.settledAt).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    await vi.waitFor(() => expect(closing.settledAt).toBe(started + 1_000));
    expect(await closing.promise).toMatchObject({
      recorded: 5,
      sent: 0,
      dropped: 5,
      inFlight: 0,
      retrying: 0,
    });
    expect(stub.received).toHaveLength(1);
    expect(seen.errors).toEqual(['AbortError']);
    expect(willRetry).toEqual([false]); // nothing comes after close(): said so at once
    expect(seen.drops).toEqual([expect.objectContaining({ reason: 'closed', samples: 5 })]);
  });

  it('also cuts a flush already in flight when close() is called, and drops what was buffered behind it', async () => {
    const stub = await stubWith(STALL);
    const metrics = buffer(stub, { closeTimeoutMs: 2_000 });
    const seen = listen(metrics);
    metrics.record('Latency', 1, { count: 2 });
    const flushing = metrics.flush();
    await until(() => stub.received.length === 1);
    metrics.record('Latency', 2, { count: 3 });
    const started = Date.now();
    const closing = timed(metrics.close());
    await vi.advanceTimersByTimeAsync(2_000);
    await vi.waitFor(() => expect(closing.settledAt).toBe(started + 2_000));
    expect(await flushing).toMatchObject({ reason: 'manual', failedRequests: 1 });
    expect(await closing.promise).toMatchObject({
      recorded: 5,
      sent: 0,
      dropped: 5,
      inFlight: 0,
      buffered: 0,
    });
    expect(seen.drops.reduce((sum, drop) => sum + drop.samples, 0)).toBe(5);
    expect(seen.drops.every((drop) => drop.reason === 'closed')).toBe(true);
  });

  it('with closeTimeoutMs 0 sends nothing: everything buffered is dropped as closed, at once', async () => {
    const stub = await stubWith();
    const metrics = buffer(stub, { closeTimeoutMs: 0 });
    const seen = listen(metrics);
    metrics.record('Latency', 1, { count: 4 });
    const stats = await metrics.close();
    expect(stats).toMatchObject({ recorded: 4, sent: 0, dropped: 4 });
    expect(stub.received).toHaveLength(0);
    expect(seen.drops).toEqual([expect.objectContaining({ reason: 'closed', samples: 4 })]);
  });
});

describe('flushes: each ends by its deadline', () => {
  it('abandons requests still unanswered at flushTimeoutMs and keeps them for the next flush', async () => {
    const stub = await stubWith(STALL);
    const metrics = buffer(stub, { flushTimeoutMs: 5_000 });
    const seen = listen(metrics);
    const willRetry: boolean[] = [];
    metrics.on('error', (_error, context) => willRetry.push(context.willRetry));
    metrics.record('Latency', 1, { count: 2 });
    const started = Date.now();
    const flushing = timed(metrics.flush());
    await vi.advanceTimersByTimeAsync(5_000);
    await vi.waitFor(() => expect(flushing.settledAt).toBe(started + 5_000));
    expect(await flushing.promise).toMatchObject({ failedRequests: 1, retryDatums: 1, retrySamples: 2 });
    expect(seen.errors).toEqual(['AbortError']);
    expect(willRetry).toEqual([true]);
    // The endpoint answers again: the next flush sends what was abandoned.
    expect(await metrics.flush()).toMatchObject({ sentRequests: 1, sentSamples: 2, retryDatums: 0 });
    expect(metrics.stats()).toMatchObject({ recorded: 2, sent: 2, dropped: 0 });
  });

  it('flush({ timeoutMs }) ends in the time its caller has, cutting short the pass it waits behind', async () => {
    const stub = await stubWith(STALL, STALL);
    const metrics = buffer(stub, { maxBufferedKeys: 1, closeTimeoutMs: 0 });
    listen(metrics);
    metrics.record('First', 1); // reaches the key bound: a flush starts on the next tick, and stalls
    await until(() => stub.received.length === 1);
    metrics.record('Second', 1); // queues the next pass, which the flush below joins
    const started = Date.now();
    const flushing = timed(metrics.flush({ timeoutMs: 800 }));
    await vi.advanceTimersByTimeAsync(800);
    await vi.waitFor(() => expect(flushing.settledAt).toBe(started + 800));
    // The stalled pass was cut at 800 ms; the next one started with no time left, sent nothing, and holds
    // both datums for the next flush.
    expect(await flushing.promise).toMatchObject({ requests: 0, retryDatums: 2 });
    expect(metrics.stats()).toMatchObject({ recorded: 2, retrying: 2, inFlight: 0, buffered: 0 });
  });

  it('refuses a timeoutMs that is not a number of milliseconds', async () => {
    const metrics = buffer(await stubWith());
    expect(() => metrics.flush({ timeoutMs: -1 })).toThrow(RangeError);
    expect(() => metrics.flush({ timeoutMs: Number.NaN })).toThrow(/timeoutMs/);
  });
});

describe('the client a buffer creates', () => {
  it('gives up on an attempt nobody answers after requestTimeoutMs, and the SDK retries it', async () => {
    vi.useRealTimers();
    const endpoint = await stalled();
    const metrics = new MetricsBuffer({
      namespace: 'Test',
      endpoint: endpoint.endpoint,
      region: 'us-east-1',
      clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 2 },
      requestTimeoutMs: 300,
      closeTimeoutMs: 0,
    });
    const seen = listen(metrics);
    metrics.record('Latency', 1);
    const report = await metrics.flush();
    expect(report).toMatchObject({ failedRequests: 1, attempts: 2, retryDatums: 1 });
    expect(seen.errors).toEqual(['TimeoutError']);
    expect(endpoint.connections()).toBe(2);
    await metrics.close();
  });

  it('on SIGTERM with the shutdown hooks, a process whose CloudWatch stalled exits by the deadline and says what it dropped', async () => {
    vi.useRealTimers();
    const endpoint = await stalled();
    const core = pathToFileURL(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'index.js'));
    const script = `
      import { MetricsBuffer } from ${JSON.stringify(core.href)};
      const metrics = new MetricsBuffer({
        namespace: 'Hooks', endpoint: ${JSON.stringify(endpoint.endpoint)}, region: 'us-east-1',
        clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
        closeTimeoutMs: 1000,
      });
      metrics.on('drop', ({ reason, samples }) => console.log(JSON.stringify({ reason, samples })));
      metrics.installShutdownHooks();
      for (let i = 0; i < 500; i++) metrics.record('Signalled', i % 20);
      setInterval(() => {}, 1000);
      console.log('ready');
    `;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
      env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => {
        output += chunk.toString();
      });
      await until(() => output.includes('ready'));
      child.kill('SIGTERM');
      const [code] = await once(child, 'exit');
      expect(code).toBe(143);
      expect(endpoint.connections()).toBeGreaterThanOrEqual(1);
      const drops = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line));
      expect(drops).toEqual([{ reason: 'closed', samples: 500 }]);
    } finally {
      child.kill('SIGKILL');
    }
  });
});
