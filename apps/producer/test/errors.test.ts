import { describe, expect, it } from 'vitest';
import { isNetworkError, isRetryableError, isThrottlingError } from '../src/errors.js';
import { explainAwsError, ProducerError, TemplateError } from '../src/index.js';

const aws = (name: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`${name} happened`), { name, ...extra });
const context = { stream: 'orders', region: 'eu-west-1' };

describe('which errors are worth retrying', () => {
  it('throttles by name or by status 429', () => {
    expect(isThrottlingError(aws('ProvisionedThroughputExceededException'))).toBe(true);
    expect(isThrottlingError(aws('Whatever', { $metadata: { httpStatusCode: 429 } }))).toBe(true);
    expect(isThrottlingError(aws('ValidationException'))).toBe(false);
    expect(isThrottlingError(undefined)).toBe(false);
  });

  it('network errors by code, also on a cause the SDK wrapped them in', () => {
    expect(isNetworkError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(true);
    const wrapped = new Error('socket hang up', {
      cause: Object.assign(new Error('reset'), { code: 'ECONNRESET' }),
    });
    expect(isNetworkError(wrapped)).toBe(true);
    expect(isNetworkError(aws('TimeoutError'))).toBe(true);
    expect(isNetworkError(Object.assign(new Error('nope'), { code: 'ENOENT' }))).toBe(false);
  });

  it('throttles, 5xx answers and the network; not a missing stream or bad input', () => {
    expect(isRetryableError(aws('InternalFailure'))).toBe(true);
    expect(isRetryableError(aws('Anything', { $metadata: { httpStatusCode: 503 } }))).toBe(true);
    expect(isRetryableError(aws('ResourceNotFoundException', { $metadata: { httpStatusCode: 400 } }))).toBe(
      false,
    );
    expect(isRetryableError(aws('ValidationException'))).toBe(false);
  });
});

describe('errors explained to a person', () => {
  it('a missing stream, and how to create it', () => {
    const error = explainAwsError(aws('ResourceNotFoundException'), context);
    expect(error).toBeInstanceOf(ProducerError);
    expect(error.code).toBe('STREAM_NOT_FOUND');
    expect(error.message).toBe(
      'Stream "orders" does not exist in eu-west-1. Create it first, or pass --create-stream --shards N.',
    );
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('credentials missing, rejected, or without the rights needed', () => {
    expect(explainAwsError(aws('CredentialsProviderError'), context).code).toBe('CREDENTIALS_MISSING');
    expect(explainAwsError(new Error('Could not load credentials from any providers'), context).code).toBe(
      'CREDENTIALS_MISSING',
    );
    expect(explainAwsError(aws('ExpiredTokenException'), context)).toMatchObject({
      code: 'CREDENTIALS_REJECTED',
      message: expect.stringContaining('in eu-west-1: they are invalid or expired. (ExpiredTokenException:'),
    });
    expect(explainAwsError(aws('AccessDeniedException'), context).message).toContain('kinesis:PutRecords');
  });

  it('no region, an endpoint out of reach, and anything else', () => {
    expect(explainAwsError(new Error('Region is missing'), context).code).toBe('REGION_MISSING');
    const refused = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    expect(explainAwsError(refused, { stream: 's', endpoint: 'http://127.0.0.1:1' })).toMatchObject({
      code: 'ENDPOINT_UNREACHABLE',
      message:
        'Cannot reach http://127.0.0.1:1 (ECONNREFUSED). Check the endpoint URL and that the service is running.',
    });
    expect(explainAwsError(aws('KMSDisabledException'), { stream: 's' })).toMatchObject({
      code: 'AWS_ERROR',
      message:
        'Kinesis request failed for stream "s" in the configured region (KMSDisabledException: KMSDisabledException happened)',
    });
  });

  it('passes a ProducerError through as it is', () => {
    const template = new TemplateError([{ text: '{{x}}', offset: 0, message: 'unknown' }]);
    expect(explainAwsError(template, context)).toBe(template);
    expect(template).toMatchObject({ code: 'TEMPLATE', name: 'TemplateError', message: 'unknown' });
  });
});
