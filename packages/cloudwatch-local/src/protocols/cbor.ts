/**
 * The Smithy RPC v2 CBOR protocol, which the newest CloudWatch service model lists first: `POST
 * /service/GraniteServiceVersion20100801/operation/<Operation>` with `smithy-protocol: rpc-v2-cbor`, a
 * CBOR map as body (timestamps under tag 1, in epoch seconds) and the same answered, errors as a map with
 * `__type` and `message`. As in the JSON 1.0 protocol, CloudWatch is query-compatible: errors also carry
 * `x-amzn-query-error`, which the SDK reads first.
 */
import { ServiceError } from '../service-error.js';
import type { Shape } from '../shapes.js';
import { CborError, CborFloat, CborTag, type CborValue, decodeCbor, encodeCbor } from './cbor-codec.js';
import { exceptionName } from './json.js';

export const CBOR_CONTENT_TYPE = 'application/cbor';
export const SMITHY_PROTOCOL_HEADER = 'smithy-protocol';
export const SMITHY_PROTOCOL = 'rpc-v2-cbor';
export const CBOR_SERVICE = 'GraniteServiceVersion20100801';
export const CBOR_PATH_PREFIX = '/service/';

const OPERATION_PATH = /^\/service\/([^/]+)\/operation\/([^/]+)$/;

/** The operation a request path names, or the error for a path that names none of this service's. */
export function operationFromPath(path: string): string {
  const match = OPERATION_PATH.exec(path);
  if (!match) {
    throw new ServiceError(
      'UnknownOperationException',
      `The path ${path.slice(0, 200)} is not an RPC v2 operation: expected /service/${CBOR_SERVICE}/operation/<Operation>.`,
      404,
    );
  }
  const [, service, operation] = match as unknown as [string, string, string];
  if (service !== CBOR_SERVICE) {
    throw new ServiceError(
      'UnknownOperationException',
      `The service ${service.slice(0, 100)} is not CloudWatch: expected /service/${CBOR_SERVICE}/operation/<Operation>.`,
      404,
    );
  }
  return operation;
}

/** CBOR as decoded -> the plain values the codecs coerce (see fromJson): tag 1 becomes its epoch seconds. */
function plain(value: CborValue): unknown {
  if (value instanceof CborTag) {
    if (value.tag === 1 && typeof value.value === 'number') return value.value;
    throw new ServiceError(
      'SerializationException',
      `The CBOR tag ${value.tag} is not used by this protocol.`,
    );
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') {
    return typeof value === 'bigint' ? Number(value) : value;
  }
  const out: Record<string, unknown> = Object.create(null);
  for (const [key, item] of Object.entries(value)) out[key] = plain(item);
  return out;
}

export function parseCborBody(body: Buffer): unknown {
  if (body.length === 0) return {};
  let value: CborValue;
  try {
    value = decodeCbor(body);
  } catch (error) {
    if (error instanceof CborError) {
      throw new ServiceError(
        'SerializationException',
        `The request body is not valid CBOR: ${error.message}.`,
      );
    }
    throw error;
  }
  return plain(value);
}

/** An operation's output as CBOR values: timestamps under tag 1, doubles as floats. */
export function toCbor(shape: Shape, value: unknown): CborValue {
  if (value === undefined || value === null) return undefined;
  switch (shape.kind) {
    case 'timestamp':
      return new CborTag(1, new CborFloat((value as number) / 1000));
    case 'double':
      return new CborFloat(value as number);
    case 'list':
      return (value as unknown[]).map((item) => toCbor(shape.member, item));
    case 'map': {
      const out: Record<string, CborValue> = Object.create(null);
      for (const [key, item] of Object.entries(value as Record<string, unknown>))
        out[key] = toCbor(shape.value, item);
      return out;
    }
    case 'struct': {
      const out: Record<string, CborValue> = Object.create(null);
      const source = value as Record<string, unknown>;
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const member = toCbor(memberShape, source[name]);
        if (member !== undefined) out[name] = member;
      }
      return out;
    }
    default:
      return value as CborValue;
  }
}

export function cborBody(shape: Shape, value: unknown): Buffer {
  return encodeCbor(toCbor(shape, value) ?? {});
}

export function cborErrorBody(error: ServiceError): Buffer {
  return encodeCbor({
    __type: `com.amazonaws.cloudwatch#${exceptionName(error.code)}`,
    message: error.message,
  });
}
