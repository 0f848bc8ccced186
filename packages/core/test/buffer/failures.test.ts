/** Which failures are worth a retry: the error codes CloudWatch and the SDK give, sorted by whether time heals them. */
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';
import { permanentFailure } from '../../src/buffer/failures.js';
import { MetricsBuffer } from '../../src/index.js';
import { buffer, listen, stubWith, useBufferHarness } from '../support/buffer-harness.js';

const error = (message = 'x') => new Error(message);

describe('permanentFailure', () => {
  it('keeps what can pass: throttling, server errors, timeouts, aborted, dropped or refused connections', () => {
    for (const code of [
      'Throttling',
      'ThrottlingException',
      'InternalServiceError',
      'ServiceUnavailable',
      'TimeoutError',
      'AbortError',
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'EPIPE',
      'ExpiredToken', // a refreshing credential provider heals it
      'Error',
      'SomethingNew',
    ]) {
      expect(permanentFailure(code, error()), code).toBeUndefined();
    }
  });

  it('names CloudWatch’s validation errors, with or without the Exception suffix', () => {
    for (const code of [
      'InvalidParameterValue',
      'InvalidParameterValueException',
      'InvalidParameterCombination',
      'MissingParameter',
      'MissingRequiredParameter',
      'SerializationException',
    ]) {
      expect(permanentFailure(code, error()), code).toBe('invalid-request');
    }
  });

  it('names the errors only a change of configuration cures: credentials, permissions, region', () => {
    for (const code of [
      'CredentialsProviderError',
      'InvalidClientTokenId',
      'UnrecognizedClientException',
      'SignatureDoesNotMatch',
      'MissingAuthenticationToken',
      'AccessDenied',
      'AccessDeniedException',
      'NotAuthorized',
    ]) {
      expect(permanentFailure(code, error()), code).toBe('client-setup');
    }
    expect(permanentFailure('Error', error('Region is missing'))).toBe('client-setup');
  });

  it('matches whole codes only: a longer name that merely starts like a permanent one stays retryable', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('AccessDenied', 'InvalidParameterValue', 'CredentialsProviderError'),
        fc.stringMatching(/^[A-Za-z]{1,8}$/).filter((tail) => tail !== 'Exception'),
        (code, tail) => {
          expect(permanentFailure(`${code}${tail}`, error())).toBeUndefined();
        },
      ),
    );
  });
});

describe('MetricsBuffer over HTTP: what it keeps and what it drops', () => {
  useBufferHarness();

  it('a client with no credentials: each failure reported once, not retryable, never re-sent (not even by close)', async () => {
    vi.useRealTimers();
    const stub = await stubWith();
    // No credentials anywhere the SDK's default chain looks, and no instance metadata service to ask.
    const restore = withEnvironment({
      AWS_ACCESS_KEY_ID: undefined,
      AWS_SECRET_ACCESS_KEY: undefined,
      AWS_SESSION_TOKEN: undefined,
      AWS_PROFILE: undefined,
      AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: undefined,
      AWS_CONTAINER_CREDENTIALS_FULL_URI: undefined,
      AWS_WEB_IDENTITY_TOKEN_FILE: undefined,
      AWS_SHARED_CREDENTIALS_FILE: '/nonexistent/credentials',
      AWS_CONFIG_FILE: '/nonexistent/config',
      AWS_EC2_METADATA_DISABLED: 'true',
    });
    try {
      const metrics = new MetricsBuffer({ namespace: 'Test', endpoint: stub.endpoint, region: 'us-east-1' });
      const seen = listen(metrics);
      const willRetry: boolean[] = [];
      metrics.on('error', (_error, context) => willRetry.push(context.willRetry));
      metrics.record('Latency', 1, { count: 3 });
      const report = await metrics.flush();
      expect(report).toMatchObject({ failedRequests: 1, droppedSamples: 3, retryDatums: 0 });
      expect(seen.errors).toEqual(['CredentialsProviderError']);
      expect(willRetry).toEqual([false]);
      expect(seen.drops).toEqual([
        expect.objectContaining({
          reason: 'not-retryable',
          samples: 3,
          errorCode: 'CredentialsProviderError',
        }),
      ]);
      const stats = await metrics.close();
      // close() has nothing to re-send: one flush, one close pass with no request, no further error.
      expect(stats).toMatchObject({ recorded: 3, sent: 0, dropped: 3, retrying: 0, flushes: 2 });
      expect(seen.errors).toHaveLength(1);
      expect(stub.received).toHaveLength(0);
    } finally {
      restore();
    }
  });

  it('a refused connection is named ECONNREFUSED and kept for the next flush', async () => {
    const stub = await stubWith();
    await stub.close(); // nothing listens on its port now
    const metrics = buffer(stub, { closeTimeoutMs: 0 });
    const willRetry: boolean[] = [];
    const seen = listen(metrics);
    metrics.on('error', (_error, context) => willRetry.push(context.willRetry));
    metrics.record('Latency', 1);
    expect(await metrics.flush()).toMatchObject({ failedRequests: 1, retryDatums: 1 });
    expect(seen.errors).toEqual(['ECONNREFUSED']);
    expect(willRetry).toEqual([true]);
  });
});

/** Sets (or, for undefined, removes) environment variables; returns a function that puts them back. */
function withEnvironment(changes: Record<string, string | undefined>): () => void {
  const saved = Object.keys(changes).map((name) => [name, process.env[name]] as const);
  for (const [name, value] of Object.entries(changes)) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}
