/**
 * Function containers over handler bundles: the concurrency limit, handler errors, cold-start errors,
 * crashes, timeouts, and every process gone after stop(). The bundles are fixtures, one behaviour each.
 */
import { describe, expect, it } from 'vitest';
import { BundleInvokeError, isRunning, lambdaEventFromRecords, startLocalFunction } from '../src/index.js';
import { fixtureBundle } from './support/fixture-bundles.js';

const event = lambdaEventFromRecords([
  { data: '1', sequenceNumber: '1' },
  { data: '2', sequenceNumber: '2' },
]);

describe('startLocalFunction', () => {
  it('runs invocations in at most maxContainers containers, with only the environment given', async () => {
    const fn = startLocalFunction({
      name: 'answers',
      bundleFile: fixtureBundle('answers'),
      env: { FIXTURE: 'seen' },
      maxContainers: 2,
    });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => fn.invoke(event)));
      expect(answers).toEqual(Array.from({ length: 5 }, () => ({ records: 2, env: 'seen' })));
      expect(fn.pids()).toHaveLength(2);
      expect(fn.stats()).toMatchObject({ invocations: 5, answered: 5, coldStarts: 2, crashes: 0 });
      expect(fn.containers().every((c) => !c.busy)).toBe(true);
    } finally {
      await fn.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
    await expect(fn.invoke(event)).rejects.toThrow(/stopped/);
  });

  it('gives the handler a context whose remaining time counts down from the invocation timeout', async () => {
    const fn = startLocalFunction({
      name: 'remaining',
      bundleFile: fixtureBundle('remaining'),
      env: {},
      timeoutMs: 60_000,
    });
    try {
      const { remainingMs } = (await fn.invoke(event)) as { remainingMs: number };
      expect(remainingMs).toBeGreaterThan(0);
      expect(remainingMs).toBeLessThanOrEqual(60_000);
    } finally {
      await fn.stop();
    }
  });

  it('reports a handler error and keeps the container warm', async () => {
    const fn = startLocalFunction({ name: 'throws', bundleFile: fixtureBundle('throws'), env: {} });
    try {
      for (let i = 0; i < 2; i += 1) {
        const error = await fn.invoke(event).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(BundleInvokeError);
        expect(error).toMatchObject({ reason: 'handler-error' });
        expect((error as BundleInvokeError).detail).toMatch(/TypeError: bad batch/);
      }
      expect(fn.stats()).toMatchObject({ invocations: 2, handlerErrors: 2, coldStarts: 1 });
    } finally {
      await fn.stop();
    }
  });

  it('fails at warm() with the error the module threw while loading, and leaves no process', async () => {
    const fn = startLocalFunction({
      name: 'fails-cold-start',
      bundleFile: fixtureBundle('fails-cold-start'),
      env: {},
    });
    const error = await fn.warm().catch((e: unknown) => e);
    await fn.stop();
    expect(error).toBeInstanceOf(BundleInvokeError);
    expect(error).toMatchObject({ reason: 'cold-start' });
    expect((error as BundleInvokeError).detail).toMatch(/HandlerConfigError: NAMESPACE must not start/);
    expect(fn.stats()).toMatchObject({ coldStarts: 1, coldStartFailures: 1 });
    expect(fn.pids().filter(isRunning)).toEqual([]);
  });

  it('reports a container that died mid-invocation, and starts a fresh one next time', async () => {
    const fn = startLocalFunction({ name: 'crashes', bundleFile: fixtureBundle('crashes'), env: {} });
    try {
      for (let i = 0; i < 2; i += 1) {
        const error = await fn.invoke(event).catch((e: unknown) => e);
        expect(error).toMatchObject({ reason: 'crashed' });
      }
      expect(fn.stats()).toMatchObject({ invocations: 2, crashes: 2, coldStarts: 2 });
    } finally {
      await fn.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
  });

  it('kills a container whose invocation runs past the timeout, and starts a fresh one next time', async () => {
    const fn = startLocalFunction({
      name: 'hangs',
      bundleFile: fixtureBundle('hangs'),
      env: {},
      timeoutMs: 200,
    });
    try {
      await fn.warm();
      for (let i = 0; i < 2; i += 1) {
        const error = await fn.invoke(event).catch((e: unknown) => e);
        expect(error).toMatchObject({ reason: 'timed-out' });
      }
      expect(fn.stats()).toMatchObject({ invocations: 2, timeouts: 2, coldStarts: 2 });
    } finally {
      await fn.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
  });
});
