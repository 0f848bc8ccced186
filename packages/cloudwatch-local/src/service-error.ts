/**
 * An error answered to the caller in the service's own terms: an error code the AWS SDKs map to an
 * exception class, an HTTP status, and whether the caller (Sender) or the service (Receiver) is at fault.
 */
export class ServiceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status = 400,
    /** Extra response headers, e.g. `connection: close` after refusing an oversized body. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'ServiceError';
  }

  get fault(): 'Sender' | 'Receiver' {
    return this.status >= 500 ? 'Receiver' : 'Sender';
  }
}

/** Longest quoted text in a message: a 1 MB value would otherwise come back whole. */
const MAX_QUOTED_CHARS = 200;

/**
 * Renders a value the way the service quotes it in messages (NaN, Infinity, 1.5, abc). Lists and objects
 * are described, not serialised: one nested 300,000 deep would overflow the stack of JSON.stringify.
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') {
    return value.length > MAX_QUOTED_CHARS ? `${value.slice(0, MAX_QUOTED_CHARS)}...` : value;
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return `(a list of ${value.length} item${value.length === 1 ? '' : 's'})`;
  return `(${typeof value === 'object' ? 'an object' : typeof value})`;
}

export function invalidValue(path: string, value: unknown, reason?: string): ServiceError {
  const base = `The value ${quote(value)} for parameter ${path} is invalid.`;
  return new ServiceError('InvalidParameterValue', reason ? `${base} ${reason}` : base);
}

export function invalidParameter(message: string): ServiceError {
  return new ServiceError('InvalidParameterValue', message);
}

export function missingParameter(path: string, detail?: string): ServiceError {
  const base = `The parameter ${path} is required.`;
  return new ServiceError('MissingParameter', detail ? `${base} ${detail}` : base);
}

export function mutuallyExclusive(first: string, second: string): ServiceError {
  return new ServiceError(
    'InvalidParameterCombination',
    `The parameters ${first} and ${second} are mutually exclusive and you have specified both.`,
  );
}

export function invalidCombination(message: string): ServiceError {
  return new ServiceError('InvalidParameterCombination', message);
}
