import { FAULT_KINDS, type FaultKind } from './faults.js';
import { MAX_REQUEST_BODY_BYTES } from './limits.js';
import { isLoopbackHost } from './request-origin.js';

export interface RequestLogEntry {
  method: string;
  path: string;
  /** The CloudWatch operation, when one could be read from the request. */
  operation?: string;
  protocol: 'json' | 'query' | 'cbor' | 'admin' | 'unknown';
  status: number;
  /** The error code answered, if any (Throttling and InternalServiceError included). */
  errorCode?: string;
  fault?: FaultKind;
  appId: string;
  durationMs: number;
}

export interface CloudWatchLocalOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default 127.0.0.1. Anything but loopback needs allowRemote. */
  host?: string;
  /**
   * Lets `host` be an address beyond loopback (such as 0.0.0.0): anyone who can reach it can then write to
   * and reset the endpoint, which has no authentication. Default false.
   */
  allowRemote?: boolean;
  /** Host names requests may name besides loopback ones and the listen address ("*": any); default none. */
  allowedHosts?: string[];
  /** Web origins whose requests are served ("*": any); default none, so web pages cannot reach it. */
  allowedOrigins?: string[];
  /**
   * Lets PutMetricData write namespaces starting with AWS/, which CloudWatch keeps for AWS services: a test
   * can then stand in for the metrics a service such as Lambda publishes (a dashboard check). Default false.
   */
  allowAwsNamespaces?: boolean;
  /** Share (0..1) of PutMetricData requests that get an injected fault; default 0. */
  faultRate?: number;
  /** Seed of the fault sequence (by arrival order); default 1. */
  faultSeed?: number;
  /** Faults to choose from, uniformly; default all four. */
  faultKinds?: FaultKind[];
  /** How long a 'slow' fault waits before the request is processed and answered normally; default 300. */
  slowResponseMs?: number;
  /** Distinct metrics stored before PutMetricData is refused with LimitExceeded; default 100,000. */
  maxMetrics?: number;
  /** Stored entries (distinct values per metric, unit and second, plus one per bucket) cap; default 1,000,000. */
  maxStoredValues?: number;
  /** Cap on the request body, on the wire and after gzip inflation; default 1 MiB. */
  maxBodyBytes?: number;
  /** Estimated bytes of memory the stored metrics may take before PutMetricData is refused; default 128 MiB. */
  maxStoreBytes?: number;
  /** Open connections, at most; past it the stalest makes room for a new one (see README); default 4,096. */
  maxConnections?: number;
  /** A request's headers must arrive within this; default 10,000. */
  headersTimeoutMs?: number;
  /** A whole request (headers and body) must arrive within this; default 30,000. */
  requestTimeoutMs?: number;
  /** Called once per answered (or dropped) request: for logs. */
  onRequest?: (entry: RequestLogEntry) => void;
}

export type ResolvedOptions = Required<Omit<CloudWatchLocalOptions, 'onRequest'>> &
  Pick<CloudWatchLocalOptions, 'onRequest'>;

/** CloudWatch takes 1 MB per PutMetricData POST; read as MiB so a body at the service's bound always fits. */
export const DEFAULT_MAX_BODY_BYTES = MAX_REQUEST_BODY_BYTES;
export const DEFAULT_MAX_METRICS = 100_000;
export const DEFAULT_MAX_STORED_VALUES = 1_000_000;
/** With the process's own 50-60 MB, keeps the endpoint within the 300 MB its abuse tests assert. */
export const DEFAULT_MAX_STORE_BYTES = 128 * 1024 * 1024;
/** At about 33 KB for a connection holding a 16 KB header half-sent, 135 MB at worst. */
export const DEFAULT_MAX_CONNECTIONS = 4_096;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
export const DEFAULT_SLOW_RESPONSE_MS = 300;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_FAULT_SEED = 1;
/** The largest TCP port. */
export const MAX_PORT = 65_535;
/** Fault seeds are 32-bit: the PRNG's whole state. */
export const MAX_FAULT_SEED = 0xffff_ffff;
/** Headers and request timeouts, at most: an hour is already far past any real client. */
export const MAX_TIMEOUT_MS = 3_600_000;
/** A 'slow' fault waits at most this long: longer would only look like a hang. */
export const MAX_SLOW_RESPONSE_MS = 600_000;

function integer(name: string, value: number, min: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be a whole number from ${min} to ${max}; got ${value}.`);
  }
  return value;
}

function names(option: string, list: string[] | undefined): string[] {
  if (list === undefined) return [];
  if (!Array.isArray(list) || list.some((name) => typeof name !== 'string' || name.trim() === '')) {
    throw new TypeError(`${option} must be a list of non-empty strings.`);
  }
  return [...list];
}

/** Fills in defaults and refuses nonsense with a message naming the option. */
export function resolveOptions(options: CloudWatchLocalOptions = {}): ResolvedOptions {
  const faultRate = options.faultRate ?? 0;
  if (typeof faultRate !== 'number' || !(faultRate >= 0 && faultRate <= 1)) {
    throw new RangeError(`faultRate must be a number from 0 to 1; got ${faultRate}.`);
  }
  const faultKinds = options.faultKinds ?? [...FAULT_KINDS];
  if (!Array.isArray(faultKinds) || faultKinds.length === 0) {
    throw new RangeError(`faultKinds must list at least one of ${FAULT_KINDS.join(', ')}.`);
  }
  for (const kind of faultKinds) {
    if (!FAULT_KINDS.includes(kind)) {
      throw new RangeError(`faultKinds: unknown fault "${kind}"; choose from ${FAULT_KINDS.join(', ')}.`);
    }
  }
  const requestTimeoutMs = integer(
    'requestTimeoutMs',
    options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    100,
    MAX_TIMEOUT_MS,
  );
  const headersTimeoutMs = integer(
    'headersTimeoutMs',
    options.headersTimeoutMs ?? Math.min(DEFAULT_HEADERS_TIMEOUT_MS, requestTimeoutMs),
    100,
    requestTimeoutMs,
  );
  const host = options.host ?? DEFAULT_HOST;
  if (typeof host !== 'string' || host === '') throw new TypeError('host must be a non-empty string.');
  const allowRemote = options.allowRemote ?? false;
  if (!allowRemote && !isLoopbackHost(host)) {
    throw new RangeError(
      `host ${host} listens beyond loopback, where anyone who can reach this machine could write to and reset ` +
        'the endpoint (it has no authentication): pass allowRemote: true to do it anyway.',
    );
  }
  return {
    port: integer('port', options.port ?? 0, 0, MAX_PORT),
    host,
    faultRate,
    faultSeed: integer('faultSeed', options.faultSeed ?? DEFAULT_FAULT_SEED, 0, MAX_FAULT_SEED),
    faultKinds: [...new Set(faultKinds)],
    slowResponseMs: integer(
      'slowResponseMs',
      options.slowResponseMs ?? DEFAULT_SLOW_RESPONSE_MS,
      0,
      MAX_SLOW_RESPONSE_MS,
    ),
    maxMetrics: integer('maxMetrics', options.maxMetrics ?? DEFAULT_MAX_METRICS, 1),
    maxStoredValues: integer('maxStoredValues', options.maxStoredValues ?? DEFAULT_MAX_STORED_VALUES, 1),
    allowRemote,
    allowAwsNamespaces: options.allowAwsNamespaces ?? false,
    allowedHosts: names('allowedHosts', options.allowedHosts),
    allowedOrigins: names('allowedOrigins', options.allowedOrigins),
    maxBodyBytes: integer('maxBodyBytes', options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 1),
    maxStoreBytes: integer('maxStoreBytes', options.maxStoreBytes ?? DEFAULT_MAX_STORE_BYTES, 1),
    maxConnections: integer('maxConnections', options.maxConnections ?? DEFAULT_MAX_CONNECTIONS, 1),
    headersTimeoutMs,
    requestTimeoutMs,
    onRequest: options.onRequest,
  };
}
