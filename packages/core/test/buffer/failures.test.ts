/** Which failures are worth a retry: the error codes CloudWatch and the SDK give, sorted by whether time heals them. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { permanentFailure } from '../../src/buffer/failures.js';

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
