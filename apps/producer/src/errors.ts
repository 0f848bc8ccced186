/** Why a producer run could not start or had to stop. Stable codes for scripts and callers. */
export type ProducerErrorCode =
  | 'INVALID_OPTIONS'
  | 'TEMPLATE'
  | 'RECORD_GENERATION'
  | 'STREAM_NOT_FOUND'
  | 'STREAM_NOT_ACTIVE'
  | 'CREDENTIALS_MISSING'
  | 'CREDENTIALS_REJECTED'
  | 'ACCESS_DENIED'
  | 'REGION_MISSING'
  | 'ENDPOINT_UNREACHABLE'
  | 'AWS_ERROR';

export class ProducerError extends Error {
  readonly code: ProducerErrorCode;
  constructor(code: ProducerErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ProducerError';
    this.code = code;
  }
}

/** One problem found in a template, with where it is. */
export interface TemplateProblem {
  /** The placeholder text as written, e.g. `{{random.numbr(5)}}`. */
  text: string;
  /** 0-based character offset in the template (after line breaks were removed, as the KDG does). */
  offset: number;
  message: string;
}

export class TemplateError extends ProducerError {
  readonly problems: readonly TemplateProblem[];
  constructor(problems: readonly TemplateProblem[]) {
    super('TEMPLATE', problems.map((p) => p.message).join('\n'));
    this.name = 'TemplateError';
    this.problems = problems;
  }
}

interface AwsLikeError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
  $fault?: string;
}

const NETWORK_ERROR_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ECONNABORTED',
  'UND_ERR_SOCKET',
]);

/** The error's own code, or that of its cause (the SDK wraps socket errors). */
function errorCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth += 1) {
    const code = (current as AwsLikeError).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

export function isNetworkError(err: unknown): boolean {
  const code = errorCode(err);
  if (code && NETWORK_ERROR_CODES.has(code)) return true;
  const name = (err as AwsLikeError | undefined)?.name;
  return name === 'TimeoutError' || name === 'RequestTimeout';
}

const THROTTLING_NAMES = new Set([
  'ProvisionedThroughputExceededException',
  'LimitExceededException',
  'ThrottlingException',
  'Throttling',
  'TooManyRequestsException',
  'RequestLimitExceeded',
  'KMSThrottlingException',
  'SlowDown',
]);

export function isThrottlingError(err: unknown): boolean {
  const e = err as AwsLikeError | undefined;
  return Boolean(e?.name && THROTTLING_NAMES.has(e.name)) || e?.$metadata?.httpStatusCode === 429;
}

/** Worth trying again: throttling, a 5xx, or the network. Anything else will fail the same way again. */
export function isRetryableError(err: unknown): boolean {
  if (isThrottlingError(err) || isNetworkError(err)) return true;
  const e = err as AwsLikeError | undefined;
  const status = e?.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 500) return true;
  return (
    e?.name === 'InternalFailure' || e?.name === 'ServiceUnavailable' || e?.name === 'InternalServerError'
  );
}

export interface ErrorContext {
  stream: string;
  endpoint?: string | undefined;
  region?: string | undefined;
}

function where(ctx: ErrorContext): string {
  if (ctx.endpoint) return `at ${ctx.endpoint}`;
  return ctx.region ? `in ${ctx.region}` : 'in the configured region';
}

/** Turns an SDK or network error into a ProducerError a person can act on. */
export function explainAwsError(err: unknown, ctx: ErrorContext): ProducerError {
  if (err instanceof ProducerError) return err;
  const e = (err ?? {}) as AwsLikeError;
  const name = e.name ?? 'Error';
  const detail = e.message ? ` (${name}: ${e.message})` : ` (${name})`;
  if (name === 'ResourceNotFoundException') {
    return new ProducerError(
      'STREAM_NOT_FOUND',
      `Stream "${ctx.stream}" does not exist ${where(ctx)}. Create it first, or pass --create-stream --shards N.`,
      { cause: err },
    );
  }
  if (name === 'CredentialsProviderError' || /Could not load credentials/i.test(e.message ?? '')) {
    return new ProducerError(
      'CREDENTIALS_MISSING',
      'No AWS credentials found. Set AWS_PROFILE (after `aws sso login` or `aws configure`), or ' +
        `AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or run where an IAM role is available.${detail}`,
      { cause: err },
    );
  }
  if (
    name === 'UnrecognizedClientException' ||
    name === 'InvalidSignatureException' ||
    name === 'ExpiredTokenException' ||
    name === 'IncompleteSignatureException'
  ) {
    return new ProducerError(
      'CREDENTIALS_REJECTED',
      `AWS rejected the credentials ${where(ctx)}: they are invalid or expired.${detail}`,
      { cause: err },
    );
  }
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'KMSAccessDeniedException') {
    return new ProducerError(
      'ACCESS_DENIED',
      `Access denied to stream "${ctx.stream}" ${where(ctx)}: the credentials need kinesis:PutRecords and ` +
        `kinesis:DescribeStreamSummary (and kinesis:CreateStream for --create-stream).${detail}`,
      { cause: err },
    );
  }
  if (/region is missing/i.test(e.message ?? '')) {
    return new ProducerError(
      'REGION_MISSING',
      'No AWS region configured. Pass --region (e.g. --region us-east-1), or set AWS_REGION or a region in your AWS profile.',
      { cause: err },
    );
  }
  if (isNetworkError(err)) {
    const target = ctx.endpoint ?? `the Kinesis endpoint ${where(ctx)}`;
    return new ProducerError(
      'ENDPOINT_UNREACHABLE',
      `Cannot reach ${target}${errorCode(err) ? ` (${errorCode(err)})` : ''}. Check the endpoint URL and that the service is running.`,
      { cause: err },
    );
  }
  return new ProducerError(
    'AWS_ERROR',
    `Kinesis request failed for stream "${ctx.stream}" ${where(ctx)}${detail}`,
    {
      cause: err,
    },
  );
}
