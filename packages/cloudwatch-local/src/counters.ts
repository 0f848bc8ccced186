import type { ConnectionCounters } from './connection-guard.js';
import type { FaultKind } from './faults.js';
import type { PutMetricDataTally } from './operations/put-metric-data.js';

export interface AppIdCounters {
  /** Every PutMetricData that arrived from this application, retries and faulted ones included. */
  putMetricDataRequests: number;
  wireBytes: number;
  /** Datums and samples of the accepted requests. */
  datums: number;
  samples: number;
}

export interface PutMetricDataCounters {
  /** received = accepted + rejected + faulted (a 'slow' fault ends accepted or rejected). */
  received: number;
  accepted: number;
  rejected: number;
  /** Answered by an injected throttle, error or drop, without looking at the body. */
  faulted: number;
  /** Body bytes as sent (compressed or not) of every PutMetricData whose body was read in full. */
  wireBytes: number;
  /** Body bytes after gzip inflation (equal to the wire bytes when uncompressed). */
  uncompressedBytes: number;
  /** Of accepted requests: datums, entries of Values plus single Values, and samples (sum of counts). */
  datums: number;
  values: number;
  samples: number;
}

/** The counters `stats()` and `GET /_cwagg/stats` return: plain JSON. */
export interface CloudWatchLocalStats {
  /** Requests by operation name, unsupported operations included. */
  requests: Record<string, number>;
  /** Requests no operation could be read from (bad content type, missing target or Action, bad body). */
  malformedRequests: number;
  putMetricData: PutMetricDataCounters;
  /** Error answers by error code, for every operation (injected faults are under `faults`). */
  rejections: Record<string, number>;
  faults: Record<FaultKind, number>;
  byAppId: Record<string, AppIdCounters>;
  storedMetrics: number;
  /** Stored entries: one per distinct value per (metric, unit, second), plus one per such bucket. */
  storedValues: number;
  /** Estimated bytes of memory the stored metrics take (capped by maxStoreBytes). */
  storedBytes: number;
  connections: ConnectionCounters & {
    /** Requests whose body stalled for over 2 s, closed to make room for another body. */
    stalledBodies: number;
  };
}

/** What the counters report beside their own: the store's size and the connections' state. */
export type Gauges = Pick<
  CloudWatchLocalStats,
  'storedMetrics' | 'storedValues' | 'storedBytes' | 'connections'
>;

function emptyPutCounters(): PutMetricDataCounters {
  return {
    received: 0,
    accepted: 0,
    rejected: 0,
    faulted: 0,
    wireBytes: 0,
    uncompressedBytes: 0,
    datums: 0,
    values: 0,
    samples: 0,
  };
}

/**
 * Operation names and application ids come from the caller: past this many distinct keys, new ones are
 * counted under OTHER_KEY so that a client inventing names cannot grow the counters without bound.
 * The operations the endpoint serves always keep their own key.
 */
export const MAX_COUNTER_KEYS = 100;
export const OTHER_KEY = '(other)';

/** A prototype-less record: a caller-chosen key such as "__proto__" is just another key. */
function dict<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

function boundedKey(counters: Record<string, unknown>, name: string, alwaysOwnKey = false): string {
  const key = name.slice(0, 200);
  if (alwaysOwnKey || Object.hasOwn(counters, key)) return key;
  return Object.keys(counters).length < MAX_COUNTER_KEYS ? key : OTHER_KEY;
}

export class Counters {
  constructor(private readonly servedOperations: readonly string[] = []) {}

  private requests = dict<number>();
  private malformed = 0;
  private put = emptyPutCounters();
  private rejections = dict<number>();
  private faults: Record<FaultKind, number> = { throttle: 0, error: 0, drop: 0, slow: 0 };
  private apps = dict<AppIdCounters>();

  reset(): void {
    this.requests = dict();
    this.malformed = 0;
    this.put = emptyPutCounters();
    this.rejections = dict();
    this.faults = { throttle: 0, error: 0, drop: 0, slow: 0 };
    this.apps = dict();
  }

  private app(appId: string): AppIdCounters {
    const key = boundedKey(this.apps, appId);
    let counters = this.apps[key];
    if (!counters) {
      counters = { putMetricDataRequests: 0, wireBytes: 0, datums: 0, samples: 0 };
      this.apps[key] = counters;
    }
    return counters;
  }

  operation(name: string, appId: string): void {
    const key = boundedKey(this.requests, name, this.servedOperations.includes(name));
    this.requests[key] = (this.requests[key] ?? 0) + 1;
    if (name === 'PutMetricData') {
      this.put.received++;
      this.app(appId).putMetricDataRequests++;
    }
  }

  malformedRequest(): void {
    this.malformed++;
  }

  putBody(appId: string, wireBytes: number): void {
    this.put.wireBytes += wireBytes;
    this.app(appId).wireBytes += wireBytes;
  }

  putInflated(uncompressedBytes: number): void {
    this.put.uncompressedBytes += uncompressedBytes;
  }

  putAccepted(appId: string, tally: PutMetricDataTally): void {
    this.put.accepted++;
    this.put.datums += tally.datums;
    this.put.values += tally.values;
    this.put.samples += tally.samples;
    const app = this.app(appId);
    app.datums += tally.datums;
    app.samples += tally.samples;
  }

  putRejected(): void {
    this.put.rejected++;
  }

  fault(kind: FaultKind): void {
    this.faults[kind]++;
    if (kind !== 'slow') this.put.faulted++;
  }

  rejection(code: string): void {
    this.rejections[code] = (this.rejections[code] ?? 0) + 1;
  }

  snapshot(gauges: Gauges): CloudWatchLocalStats {
    return structuredClone({
      requests: this.requests,
      malformedRequests: this.malformed,
      putMetricData: this.put,
      rejections: this.rejections,
      faults: this.faults,
      byAppId: this.apps,
      ...gauges,
    });
  }
}
