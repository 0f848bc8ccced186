/**
 * Function containers over the built handler bundles (startBundleHost of @cwagg/kinesis): cold-start
 * errors, timeouts, the concurrency limit, and every process gone after stop(). Empty events: the
 * handlers answer them without calling CloudWatch, so no endpoint is needed here.
 */
import { BundleInvokeError, lambdaEventFromRecords } from '@cwagg/kinesis';
import { describe, expect, it } from 'vitest';
import { handlerBundle, isRunning, localFunctionEnvironment, startLocalFunction } from '../src/index.js';

// Empty events never reach CloudWatch: the endpoint is a closed port.
const environment = localFunctionEnvironment('http://127.0.0.1:9', { LOG_LEVEL: 'silent' });

describe('startLocalFunction', () => {
  it('runs invocations in at most maxContainers containers, and stop() ends them all', async () => {
    const fn = startLocalFunction({
      name: 'aggregated',
      bundleFile: handlerBundle('aggregated'),
      env: environment,
      maxContainers: 2,
    });
    try {
      const answers = await Promise.all(Array.from({ length: 5 }, () => fn.invoke({ Records: [] })));
      expect(answers).toEqual(Array.from({ length: 5 }, () => ({ batchItemFailures: [] })));
      expect(fn.pids()).toHaveLength(2);
      expect(fn.stats()).toMatchObject({ invocations: 5, answered: 5, coldStarts: 2, crashes: 0 });
      expect(fn.containers().every((c) => !c.busy)).toBe(true);
    } finally {
      await fn.stop();
    }
    expect(fn.pids().filter(isRunning)).toEqual([]);
    await expect(fn.invoke({ Records: [] })).rejects.toThrow(/stopped/);
  });

  it('fails at warm() with the handler configuration error, and leaves no process', async () => {
    const fn = startLocalFunction({
      name: 'single',
      bundleFile: handlerBundle('single'),
      env: { ...environment, NAMESPACE: 'AWS/Lambda' },
    });
    const error = await fn.warm().catch((e: unknown) => e);
    await fn.stop();
    expect(error).toBeInstanceOf(BundleInvokeError);
    expect(error).toMatchObject({ reason: 'cold-start' });
    expect((error as BundleInvokeError).detail).toMatch(
      /HandlerConfigError: Invalid single handler configuration/,
    );
    expect(fn.stats()).toMatchObject({ coldStarts: 1, coldStartFailures: 1 });
    expect(fn.pids().filter(isRunning)).toEqual([]);
  });

  it('kills a container whose invocation runs past the timeout, and starts a fresh one next time', async () => {
    const fn = startLocalFunction({
      name: 'aggregated',
      bundleFile: handlerBundle('aggregated'),
      env: environment,
      timeoutMs: 200,
    });
    // One record to publish to a port nobody listens on: the handler keeps retrying well past 200 ms.
    const event = lambdaEventFromRecords([{ data: '1', sequenceNumber: '1' }]);
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
