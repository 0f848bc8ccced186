/**
 * `CwaggMetricExporter`: a PushMetricExporter that sends what the OpenTelemetry SDK collects to CloudWatch
 * with PutMetricData, histograms as Values/Counts, packed into the fewest requests every limit allows.
 * Exports run one at a time, each within its deadline; requests that fail after the SDK's retries are held
 * and sent with the next export; forceFlush() and shutdown() keep their own deadline.
 *
 * A deadline holds whatever the request does: it starts when export() (or forceFlush()) is called, so the
 * wait behind an earlier export counts; it aborts the publisher's signal; and one turn of the event loop later
 * the export settles whether or not the publisher has returned: requests it had not reported are abandoned
 * (and held).
 */
import { EventEmitter } from 'node:events';
import {
  type MetricDatum,
  type PublishableRequest,
  Publisher,
  packRequests,
  type RequestOutcome,
} from '@cwagg/core';
import { timestampProblem } from '@cwagg/core/limits';
import type {
  AggregationOption,
  AggregationTemporality,
  InstrumentType,
  PushMetricExporter,
  ResourceMetrics,
} from '@opentelemetry/sdk-metrics';
import { CardinalityGuard, type FoldedDimension } from '../convert/cardinality-guard.js';
import { type ConvertedMetrics, convertResourceMetrics } from '../convert/metric-points.js';
import { TemporalityConverter } from '../convert/temporality.js';
import { datumsOf } from '../publish/datums.js';
import { groupSeries } from '../publish/series.js';
import { aggregationFor, temporalityFor } from './aggregation-selection.js';
import { Deadline } from './deadline.js';
import {
  type CwaggMetricExporterEvents,
  type DropReason,
  type ExportKind,
  type ExportReport,
  ExportReporter,
} from './export-report.js';
import { CwaggExportError, type ExportResult, failed, resultOf } from './export-result.js';
import { type CwaggMetricExporterOptions, type ExporterSettings, resolveExporterOptions } from './options.js';
import { RetryBuffer, samplesOf } from './retry-buffer.js';

/** Errors for which sending the same request again cannot succeed: CloudWatch found it invalid. */
const NOT_RETRYABLE = /^(InvalidParameter(Value|Combination)|MissingParameter|MissingRequiredParameter)/;

/** Counters since construction, in samples (sums of counts) unless named otherwise. */
export interface ExporterStats {
  exports: number;
  dataPoints: number;
  /** Received: always `sent + rejected + dropped + held`, once no export is running. */
  samples: number;
  sentSamples: number;
  rejectedSamples: number;
  droppedSamples: number;
  heldSamples: number;
  foldedDataPoints: number;
  putMetricDataCalls: number;
  failedRequests: number;
  shutdown: boolean;
}

/** What an export found before publishing: its datums and what its report says of them. */
interface Prepared {
  datums: MetricDatum[];
  converted?: ConvertedMetrics;
  folded?: FoldedDimension[];
  series: number;
}

export class CwaggMetricExporter
  extends EventEmitter<CwaggMetricExporterEvents>
  implements PushMetricExporter
{
  readonly namespace: string;
  private readonly settings: ExporterSettings;
  private readonly publisher: Publisher;
  private readonly guard: CardinalityGuard;
  private readonly temporality = new TemporalityConverter();
  private readonly retry: RetryBuffer;
  private readonly reporter = new ExportReporter(this);
  /** Aborts whatever is in flight when shutdown() reaches its deadline. */
  private readonly shutdownController = new AbortController();
  private queue: Promise<unknown> = Promise.resolve();
  private shutdownPromise: Promise<void> | undefined;
  private readonly counters: Omit<ExporterStats, 'heldSamples' | 'shutdown'> = {
    exports: 0,
    dataPoints: 0,
    samples: 0,
    sentSamples: 0,
    rejectedSamples: 0,
    droppedSamples: 0,
    foldedDataPoints: 0,
    putMetricDataCalls: 0,
    failedRequests: 0,
  };

  constructor(options: CwaggMetricExporterOptions) {
    super();
    this.settings = resolveExporterOptions(options);
    this.namespace = this.settings.namespace;
    this.publisher = new Publisher({ client: this.settings.client, concurrency: this.settings.concurrency });
    this.guard = new CardinalityGuard(this.settings.maxValuesPerDimension, this.settings.overflowValue);
    this.retry = new RetryBuffer(this.settings.maxRetryDatums);
  }

  export(metrics: ResourceMetrics, resultCallback: (result: ExportResult) => void): void {
    if (this.shutdownPromise !== undefined) {
      resultCallback(failed(new CwaggExportError('cwagg: the exporter is shut down; nothing was sent')));
      return;
    }
    // Started before anything waits, so that the wait behind an earlier export counts too.
    const deadline = new Deadline(
      this.settings.exportTimeoutMs,
      this.shutdownController.signal,
      'the export',
    );
    const job = this.enqueue(() => this.exportNow(metrics, deadline));
    // The job settles one turn after `passed` (see publish()); this answers when it has not even started.
    const abandoned = deadline.passed
      .then(nextTurn)
      .then(() =>
        failed(
          new CwaggExportError(
            `cwagg: the export waited past its deadline (exportTimeoutMs ${this.settings.exportTimeoutMs} ms) ` +
              'behind an earlier export or flush; its data points are held for the next export',
          ),
        ),
      );
    Promise.race([job, abandoned]).then((result) => {
      deadline.end();
      resultCallback(result);
    });
  }

  /** Sends what failed before and is held, within `flushTimeoutMs`. Never rejects: failures are reported. */
  forceFlush(): Promise<void> {
    return this.flush('flush');
  }

  /**
   * Sends what is held within `flushTimeoutMs`, then abandons what is still in flight and drops (and reports)
   * what could not be sent. Later exports fail at once. Calling it again returns the same promise.
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= this.shutdownNow();
    return this.shutdownPromise;
  }

  selectAggregationTemporality(instrumentType: InstrumentType): AggregationTemporality {
    return temporalityFor(instrumentType);
  }

  selectAggregation(instrumentType: InstrumentType): AggregationOption {
    return aggregationFor(instrumentType, this.settings);
  }

  stats(): ExporterStats {
    return {
      ...this.counters,
      heldSamples: this.retry.samples,
      shutdown: this.shutdownPromise !== undefined,
    };
  }

  private enqueue<T>(job: () => Promise<T>): Promise<T> {
    const run = this.queue.then(job);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async exportNow(metrics: ResourceMetrics, deadline: Deadline): Promise<ExportResult> {
    const started = performance.now();
    try {
      const prepared = this.prepare(metrics);
      return await this.publish('export', prepared, deadline, started);
    } catch (error) {
      // A bug or a data shape this code does not know: the SDK is told, the service keeps running.
      return failed(error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** Conversion, the cardinality guard, validation and grouping: everything before the network. */
  private prepare(metrics: ResourceMetrics): Prepared {
    const converted = convertResourceMetrics(metrics, this.settings, this.temporality);
    const now = this.settings.clock();
    const points = converted.points.filter((point) => {
      const problem = timestampProblem(point.timestamp, now);
      if (problem !== undefined) {
        converted.rejected.push({
          metric: point.name,
          reason: problem,
          samples: point.statistics.SampleCount,
        });
      }
      return problem === undefined;
    });
    const folded = this.guard.apply(points);
    this.reporter.folded(folded);
    this.reporter.rejected(converted.rejected);
    const series = groupSeries(points, this.settings.storageResolution);
    return {
      datums: series.flatMap((one) => datumsOf(one, this.settings.storageResolution)),
      converted,
      folded,
      series: series.length,
    };
  }

  private async publish(
    kind: ExportKind,
    prepared: Prepared,
    deadline: Deadline,
    started: number,
  ): Promise<ExportResult> {
    const { converted } = prepared;
    const held = this.retry.take(this.settings.clock());
    let droppedSamples = this.drop('expired', held.expired);
    const datums = [...held.datums, ...prepared.datums];
    const { requests } = packRequests(this.namespace, datums);
    const outcomes: readonly RequestOutcome[] =
      requests.length === 0
        ? []
        : deadline.expired
          ? requests.map((request, index) => ({ index, request, status: 'not-attempted' }))
          : // The publisher abandons its requests when the signal aborts; should it not return all the same,
            // the deadline answers for it (CloudWatch may still store those requests, as with any abandoned one).
            await Promise.race([
              this.publisher
                .publish(requests, { signal: deadline.signal })
                .then((outcome) => outcome.outcomes),
              deadline.passed.then(() => abandonedOutcomes(requests)),
            ]);
    let sentRequests = 0;
    let sentSamples = 0;
    let heldSamples = 0;
    let attempts = 0;
    const errorCodes = new Map<string, number>();
    for (const result of outcomes) {
      const requestDatums = (result.request.MetricData ?? []) as MetricDatum[];
      const samples = samplesOf(requestDatums);
      if (result.status === 'sent') {
        sentRequests++;
        sentSamples += samples;
        attempts += result.attempts;
        continue;
      }
      const errorCode = result.status === 'failed' ? result.errorCode : 'AbortError';
      errorCodes.set(errorCode, (errorCodes.get(errorCode) ?? 0) + 1);
      const willRetry = !NOT_RETRYABLE.test(errorCode);
      if (result.status === 'failed') {
        attempts += result.attempts;
        this.reporter.error(result.error, {
          errorCode,
          attempts: result.attempts,
          datums: requestDatums.length,
          samples,
          willRetry,
        });
      }
      if (willRetry) {
        heldSamples += samples;
        const pushedOut = this.retry.hold(requestDatums);
        const pushedSamples = this.drop('retry-buffer-full', pushedOut);
        heldSamples -= pushedSamples;
        droppedSamples += pushedSamples;
      } else {
        droppedSamples += this.drop('not-retryable', requestDatums, errorCode);
      }
    }
    const rejected = converted?.rejected ?? [];
    const rejectedSamples = rejected.reduce((total, point) => total + point.samples, 0);
    const folded = prepared.folded ?? [];
    const report: ExportReport = {
      kind,
      dataPoints: converted?.dataPoints ?? 0,
      samples: converted?.samples ?? 0,
      series: prepared.series,
      datums: datums.length,
      resentDatums: held.datums.length,
      requests: requests.length,
      sentRequests,
      failedRequests: requests.length - sentRequests,
      attempts,
      sentSamples,
      rejectedSamples,
      folded,
      sdkOverflowDataPoints: converted?.sdkOverflowDataPoints ?? 0,
      changedDimensionValues: converted?.changedDimensionValues ?? 0,
      droppedSamples,
      heldDatums: this.retry.datums,
      heldSamples: this.retry.samples,
      maxRelativeError:
        converted?.points.reduce((worst, point) => Math.max(worst, point.relativeError), 0) ?? 0,
      estimatedDataPoints: converted?.points.filter((point) => point.estimated).length ?? 0,
      durationMs: performance.now() - started,
    };
    this.count(report);
    this.reporter.export(report);
    const firstRejection = rejected[0];
    return resultOf(report, {
      errorCodes,
      heldSamples,
      rejectedDataPoints: rejected.length,
      ...(firstRejection === undefined ? {} : { firstRejection }),
    });
  }

  private count(report: ExportReport): void {
    const counters = this.counters;
    if (report.kind === 'export') counters.exports++;
    counters.dataPoints += report.dataPoints;
    counters.samples += report.samples;
    counters.sentSamples += report.sentSamples;
    counters.rejectedSamples += report.rejectedSamples;
    counters.foldedDataPoints += report.folded.reduce((total, fold) => total + fold.dataPoints, 0);
    counters.putMetricDataCalls += report.requests;
    counters.failedRequests += report.failedRequests;
  }

  /** Drops datums, counted and reported; returns their samples. */
  private drop(reason: DropReason, datums: readonly MetricDatum[], errorCode?: string): number {
    if (datums.length === 0) return 0;
    const samples = samplesOf(datums);
    this.counters.droppedSamples += samples;
    this.reporter.drop({ reason, datums: datums.length, samples, ...(errorCode ? { errorCode } : {}) });
    return samples;
  }

  /** Sends what is held, one job in the export queue, within flushTimeoutMs. */
  private async flush(kind: ExportKind): Promise<void> {
    const deadline = new Deadline(this.settings.flushTimeoutMs, this.shutdownController.signal, kind);
    const job = this.enqueue(async () => {
      if (this.retry.datums === 0) return;
      await this.publish(kind, { datums: [], series: 0 }, deadline, performance.now());
    });
    try {
      await Promise.race([job, deadline.passed]);
    } finally {
      deadline.end();
    }
  }

  private async shutdownNow(): Promise<void> {
    await this.flush('shutdown');
    this.shutdownController.abort();
    await this.queue;
    const held = this.retry.take(this.settings.clock());
    this.drop('shutdown', [...held.datums, ...held.expired]);
  }
}

/** Resolves after the event loop's next turn (the microtasks queued before it have run). */
function nextTurn(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Every request failed with an AbortError: the publisher had not returned a turn after the deadline. */
function abandonedOutcomes(requests: readonly PublishableRequest[]): RequestOutcome[] {
  return requests.map((request, index) => ({
    index,
    request,
    status: 'failed',
    attempts: 1,
    errorCode: 'AbortError',
    error: Object.assign(new Error('abandoned: the publisher had not returned when the deadline passed'), {
      name: 'AbortError',
    }),
  }));
}
