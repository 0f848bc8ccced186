/**
 * What the exporter tells its listeners: a report per export, and every rejection, fold, drop and failed
 * request. Nothing is lost silently: an event nobody listens to (the report aside) becomes a process
 * warning, and a listener that throws is reported the same way without stopping the export.
 */
import type { EventEmitter } from 'node:events';
import type { FoldedDimension } from '../convert/cardinality-guard.js';
import type { RejectedDataPoint } from '../convert/metric-points.js';

/** The `code` of every process warning the exporter writes. */
export const WARNING_CODE = 'CWAGG_OTEL_EXPORTER';

export type ExportKind = 'export' | 'flush' | 'shutdown';

/** What one export (or a flush of what was held) did. Samples are sums of counts. */
export interface ExportReport {
  kind: ExportKind;
  /** SDK data points received, and the samples they carry. */
  dataPoints: number;
  samples: number;
  /** CloudWatch series (metric, dimensions, unit, time bucket) they made, and their datums. */
  series: number;
  datums: number;
  /** Datums held from earlier exports and sent again with this one. */
  resentDatums: number;
  /** PutMetricData requests made, sent, and failed or abandoned at the deadline. */
  requests: number;
  sentRequests: number;
  failedRequests: number;
  /** SDK attempts over the requests, retries included. */
  attempts: number;
  sentSamples: number;
  /** Data points not sent because CloudWatch would reject them (see the `rejected` event). */
  rejectedSamples: number;
  /** Dimensions whose values passed the cap (see the `folded` event). */
  folded: FoldedDimension[];
  /** Data points of the SDK's own overflow series, sent under the overflow value. */
  sdkOverflowDataPoints: number;
  /** Dimension values whose text had to change (non-ASCII, too long, blank). */
  changedDimensionValues: number;
  /** Samples dropped during this export (see the `drop` events). */
  droppedSamples: number;
  /** Held after this export, to be sent with the next one. */
  heldDatums: number;
  heldSamples: number;
  /** Largest relative error of any value sent for a histogram: 0 when only exact values were sent. */
  maxRelativeError: number;
  /** Data points whose sum, min or max had to be estimated from the buckets. */
  estimatedDataPoints: number;
  durationMs: number;
}

export type DropReason = 'retry-buffer-full' | 'not-retryable' | 'expired' | 'shutdown';

export interface DropReport {
  /**
   * `retry-buffer-full`: the oldest held datums, pushed out by the bound; `not-retryable`: CloudWatch
   * rejected the request itself; `expired`: held past CloudWatch's 14-day window; `shutdown`: still held
   * when shutdown() gave up.
   */
  reason: DropReason;
  datums: number;
  samples: number;
  errorCode?: string;
}

export interface PublishErrorContext {
  errorCode: string;
  attempts: number;
  datums: number;
  samples: number;
  /** True when the datums were held for the next export, false when they were dropped. */
  willRetry: boolean;
}

export type CwaggMetricExporterEvents = {
  export: [report: ExportReport];
  rejected: [rejected: RejectedDataPoint[]];
  folded: [folded: FoldedDimension[]];
  drop: [report: DropReport];
  error: [error: Error, context: PublishErrorContext];
};

/** Emits the exporter's events on the exporter itself, or writes a process warning when nobody listens. */
export class ExportReporter {
  constructor(private readonly emitter: EventEmitter<CwaggMetricExporterEvents>) {}

  export(report: ExportReport): void {
    this.emit('export', report);
  }

  rejected(rejected: RejectedDataPoint[]): void {
    if (rejected.length === 0) return;
    if (this.listening('rejected')) this.emit('rejected', rejected);
    else {
      const first = rejected[0] as RejectedDataPoint;
      warn(`cwagg exporter rejected ${rejected.length} data points, e.g. ${first.metric}: ${first.reason}`);
    }
  }

  folded(folded: FoldedDimension[]): void {
    if (folded.length === 0) return;
    if (this.listening('folded')) this.emit('folded', folded);
    else {
      const names = folded.map((f) => `${f.dimension} (${f.foldedValues} of ${f.distinctValues} values)`);
      warn(
        `cwagg exporter folded dimension values past the cap into the overflow value: ${names.join(', ')}`,
      );
    }
  }

  drop(report: DropReport): void {
    if (report.datums === 0) return;
    if (this.listening('drop')) this.emit('drop', report);
    else
      warn(`cwagg exporter dropped ${report.samples} samples in ${report.datums} datums (${report.reason})`);
  }

  error(error: Error, context: PublishErrorContext): void {
    // EventEmitter throws an 'error' nobody listens to; an exporter must not crash its service.
    if (this.listening('error')) this.emit('error', error, context);
    else {
      const fate = context.willRetry ? 'held for the next export' : 'dropped';
      warn(`cwagg exporter: PutMetricData failed (${context.errorCode}); ${context.samples} samples ${fate}`);
    }
  }

  private listening(event: keyof CwaggMetricExporterEvents): boolean {
    return this.emitter.listenerCount(event) > 0;
  }

  /** A listener that throws must not stop the export, nor go unnoticed. */
  private emit<K extends keyof CwaggMetricExporterEvents>(
    event: K,
    ...args: CwaggMetricExporterEvents[K]
  ): void {
    try {
      (this.emitter.emit as (event: string, ...args: unknown[]) => boolean).call(
        this.emitter,
        event,
        ...args,
      );
    } catch (error) {
      warn(`cwagg exporter: a '${event}' listener threw: ${String(error)}`);
    }
  }
}

function warn(message: string): void {
  process.emitWarning(message, { code: WARNING_CODE });
}
