/**
 * What a MetricsBuffer tells its listeners: a report per flush, every drop, every rejected value, every
 * failed request. Nothing is lost silently: an event nobody listens to becomes a process warning, and a
 * listener that throws is reported the same way without stopping the flush that emitted it.
 */
import type { EventEmitter } from 'node:events';
import type { RejectedValue } from '../types.js';

/** The `code` of every process warning a MetricsBuffer writes. */
export const WARNING_CODE = 'CWAGG_METRICS_BUFFER';

export type FlushReason = 'interval' | 'high-resolution-interval' | 'bounds' | 'manual' | 'close';

/** What one flush did. Samples are sums of counts. */
export interface FlushReport {
  reason: FlushReason;
  /** PutMetricData requests made (each retried by the SDK as configured). */
  requests: number;
  sentRequests: number;
  failedRequests: number;
  /** SDK attempts summed over the requests, retries included. */
  attempts: number;
  sentSamples: number;
  /** Samples dropped during this flush (see the `drop` events). */
  droppedSamples: number;
  /** Values rejected since the previous flush (see the `rejected` event). */
  rejectedValues: number;
  /** Held in the retry buffer after this flush, to be sent with the next one. */
  retryDatums: number;
  retrySamples: number;
  durationMs: number;
}

export type DropReason = 'buffer-full' | 'retry-buffer-full' | 'not-retryable' | 'expired' | 'closed';

export interface DropReport {
  /**
   * `buffer-full`: records that came while the buffer held twice one of its bounds, waiting for a flush to
   * take them (no datums: they were never aggregated); `retry-buffer-full`: the oldest held datums, pushed
   * out by the bound; `not-retryable`: CloudWatch
   * rejected the request itself, or the client cannot send at all (no credentials, access denied, no
   * region); `expired`: held past CloudWatch's 14-day window; `closed`: not sent when close()'s deadline
   * came.
   */
  reason: DropReason;
  datums: number;
  samples: number;
  /** The Publisher's error code (the SDK's error name), for `not-retryable`. */
  errorCode?: string;
  error?: Error;
}

export interface PublishErrorContext {
  errorCode: string;
  attempts: number;
  datums: number;
  samples: number;
  /** True when the datums were kept for the next flush, false when they were dropped. */
  willRetry: boolean;
}

export type MetricsBufferEvents = {
  flush: [report: FlushReport];
  drop: [report: DropReport];
  rejected: [rejected: RejectedValue[]];
  error: [error: Error, context: PublishErrorContext];
};

/** Emits a buffer's events on the buffer itself, or writes a process warning when nobody listens. */
export class BufferReporter {
  constructor(private readonly emitter: EventEmitter<MetricsBufferEvents>) {}

  /** A flush report is for whoever wants it: no warning when nobody listens. */
  flush(report: FlushReport): void {
    this.safeEmit('flush', report);
  }

  drop(report: DropReport): void {
    if (this.emitter.listenerCount('drop') > 0) this.safeEmit('drop', report);
    else
      warn(
        `cwagg MetricsBuffer dropped ${report.samples} samples in ${report.datums} datums (${report.reason})`,
      );
  }

  rejected(rejected: RejectedValue[]): void {
    if (rejected.length === 0) return;
    if (this.emitter.listenerCount('rejected') > 0) this.safeEmit('rejected', rejected);
    else {
      const first = rejected[0] as RejectedValue;
      warn(`cwagg MetricsBuffer rejected ${rejected.length} values, e.g. ${first.metric}: ${first.reason}`);
    }
  }

  error(error: Error, context: PublishErrorContext): void {
    // EventEmitter throws an 'error' nobody listens to; a metrics client must not crash its service.
    if (this.emitter.listenerCount('error') > 0) this.safeEmit('error', error, context);
    else {
      const fate = context.willRetry ? 'kept for the next flush' : 'dropped';
      warn(
        `cwagg MetricsBuffer: PutMetricData failed (${context.errorCode}); ${context.samples} samples ${fate}`,
      );
    }
  }

  /**
   * A request that failed for a reason retrying cannot cure (a bad request, no credentials, access denied):
   * its `error` (willRetry false) and its `drop`, or, when nobody listens to either, one warning that says
   * what is wrong.
   */
  failedForGood(error: Error, context: PublishErrorContext, drop: DropReport): void {
    const heard = this.emitter.listenerCount('error') > 0 || this.emitter.listenerCount('drop') > 0;
    if (this.emitter.listenerCount('error') > 0) this.safeEmit('error', error, context);
    if (this.emitter.listenerCount('drop') > 0) this.safeEmit('drop', drop);
    if (!heard) {
      warn(
        `cwagg MetricsBuffer: PutMetricData cannot succeed (${context.errorCode}: ${error.message}); ` +
          `${context.samples} samples dropped, not retried`,
      );
    }
  }

  /** A listener that throws must not stop the flush, nor go unnoticed. */
  private safeEmit<K extends keyof MetricsBufferEvents>(event: K, ...args: MetricsBufferEvents[K]): void {
    try {
      (this.emitter.emit as (event: string, ...args: unknown[]) => boolean).call(
        this.emitter,
        event,
        ...args,
      );
    } catch (error) {
      warn(`cwagg MetricsBuffer: a '${event}' listener threw: ${String(error)}`);
    }
  }
}

function warn(message: string): void {
  process.emitWarning(message, { code: WARNING_CODE });
}
