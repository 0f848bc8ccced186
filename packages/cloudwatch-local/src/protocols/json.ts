import { ServiceError } from '../service-error.js';
import type { Shape } from '../shapes.js';

/** The AWS JSON 1.0 protocol as `@aws-sdk/client-cloudwatch` v3 speaks it (query-compatible mode). */
export const JSON_CONTENT_TYPE = 'application/x-amz-json-1.0';
export const TARGET_PREFIX = 'GraniteServiceVersion20100801.';

/**
 * Exception shape names of the CloudWatch model, by Query error code. The SDK reads the code from the
 * `x-amzn-query-error` header first; `__type` is there for clients that only look at the body.
 */
const EXCEPTION_NAMES: Record<string, string> = {
  InvalidParameterValue: 'InvalidParameterValueException',
  InvalidParameterCombination: 'InvalidParameterCombinationException',
  MissingParameter: 'MissingRequiredParameterException',
  InternalServiceError: 'InternalServiceFault',
  LimitExceeded: 'LimitExceededFault',
  ValidationError: 'ValidationException',
};

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    throw new ServiceError('SerializationException', 'The request body is not valid UTF-8.');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ServiceError(
      'SerializationException',
      `The request body is not valid JSON: ${(error as Error).message}`,
    );
  }
}

/** Writes an operation's output for the JSON wire: timestamps as epoch seconds, NaN/Infinity as strings. */
export function toJson(shape: Shape, value: unknown): unknown {
  if (value === undefined || value === null) return undefined;
  switch (shape.kind) {
    case 'timestamp':
      return (value as number) / 1000;
    case 'double': {
      const n = value as number;
      return Number.isFinite(n) ? n : String(n);
    }
    case 'list':
      return (value as unknown[]).map((item) => toJson(shape.member, item));
    case 'map': {
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        out[key] = toJson(shape.value, item);
      }
      return out;
    }
    case 'struct': {
      const out: Record<string, unknown> = {};
      const source = value as Record<string, unknown>;
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const member = toJson(memberShape, source[name]);
        if (member !== undefined) out[name] = member;
      }
      return out;
    }
    default:
      return value;
  }
}

/** The model's exception shape name for an error code (the code itself for codes the model has none for). */
export function exceptionName(code: string): string {
  return Object.hasOwn(EXCEPTION_NAMES, code) ? (EXCEPTION_NAMES[code] as string) : code;
}

export function jsonErrorBody(error: ServiceError): string {
  return JSON.stringify({
    __type: `com.amazonaws.cloudwatch#${exceptionName(error.code)}`,
    message: error.message,
  });
}
