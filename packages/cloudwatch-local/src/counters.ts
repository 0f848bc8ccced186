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
}

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

export class Counters {
  private requests: Record<string, number> = {};
  private malformed = 0;
  private put = emptyPutCounters();
  private rejections: Record<string, number> = {};
  private faults: Record<FaultKind, number> = { throttle: 0, error: 0, drop: 0, slow: 0 };
  private apps: Record<string, AppIdCounters> = {};

  reset(): void {
    this.requests = {};
    this.malformed = 0;
    this.put = emptyPutCounters();
    this.rejections = {};
    this.faults = { throttle: 0, error: 0, drop: 0, slow: 0 };
    this.apps = {};
  }

  private app(appId: string): AppIdCounters {
    let counters = this.apps[appId];
    if (!counters) {
      counters = { putMetricDataRequests: 0, wireBytes: 0, datums: 0, samples: 0 };
      this.apps[appId] = counters;
    }
    return counters;
  }

  operation(name: string, appId: string): void {
    this.requests[name] = (this.requests[name] ?? 0) + 1;
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

  snapshot(storedMetrics: number, storedValues: number): CloudWatchLocalStats {
    return structuredClone({
      requests: this.requests,
      malformedRequests: this.malformed,
      putMetricData: this.put,
      rejections: this.rejections,
      faults: this.faults,
      byAppId: this.apps,
      storedMetrics,
      storedValues,
    });
  }
}
