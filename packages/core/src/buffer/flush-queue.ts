/**
 * A MetricsBuffer's flushes: one pass at a time, each draining the buffer, re-packing what the retry buffer
 * holds with the fresh datums, publishing, and keeping (bounded) what failed for the next pass. It counts
 * every sample it is handed as sent, dropped, retrying or in flight, and reports each drop and failure.
 */
import { MAX_TIMESTAMP_AGE_MS } from '../limits/constants.js';
import { TIMESTAMP_SAFETY_MARGIN_MS } from '../limits/validation.js';
import { datumBytes, type PackingLimits, packRequests } from '../packing.js';
import type { Publisher, PublishOutcome } from '../publisher.js';
import type { PutMetricDataRequest, RejectedValue } from '../types.js';
import { permanentFailure } from './failures.js';
import type { BufferReporter, DropReason, FlushReason, FlushReport } from './reports.js';
import { datumSamples, type HeldDatum, RetryBuffer, summarise } from './retry-buffer.js';

/** Which storage resolutions a pass drains, as bits: passes that join one another merge their scopes. */
export type LaneScope = number;
export const STANDARD_LANE: LaneScope = 1;
export const HIGH_RESOLUTION_LANE: LaneScope = 2;
export const ALL_LANES: LaneScope = STANDARD_LANE | HIGH_RESOLUTION_LANE;

/** First pause between close()'s re-sends of what failed; doubles each time. */
const CLOSE_RETRY_DELAY_MS = 100;

/** What a pass takes from the buffer: the fresh requests and the values rejected since the last pass. */
export interface Drained {
  requests: PutMetricDataRequest[];
  rejected: RejectedValue[];
}

export interface FlushQueueOptions {
  namespace: string;
  packing: Required<PackingLimits>;
  publisher: Publisher;
  clock: () => number;
  maxRetryDatums: number;
  maxRetryBytes: number;
  closeTimeoutMs: number;
  reporter: BufferReporter;
  /** Called when a pass starts, so that it carries everything recorded before it started. */
  drain(scope: LaneScope): Drained;
}

interface QueuedPass {
  reason: FlushReason;
  scope: LaneScope;
  promise: Promise<FlushReport>;
}

export class FlushQueue {
  /** Samples (sums of counts) since construction. */
  sentSamples = 0;
  droppedSamples = 0;
  inFlightSamples = 0;
  passes = 0;
  putMetricDataCalls = 0;
  /** SDK attempts, retries included. */
  attempts = 0;

  private readonly retry: RetryBuffer;
  private tail: Promise<unknown> = Promise.resolve();
  private queued: QueuedPass | undefined;

  constructor(private readonly options: FlushQueueOptions) {
    this.retry = new RetryBuffer(options.maxRetryDatums, options.maxRetryBytes);
  }

  /** Samples held in the retry buffer, to be sent with the next pass. */
  get retryingSamples(): number {
    return this.retry.samples;
  }

  /**
   * Queues a pass. Passes run one at a time; a request while one runs joins the next (which drains when it
   * starts, so it carries everything recorded before the request). Never rejects.
   */
  request(reason: FlushReason, scope: LaneScope): Promise<FlushReport> {
    const queued = this.queued;
    if (queued !== undefined) {
      queued.scope |= scope;
      return queued.promise;
    }
    const pass = { reason, scope } as QueuedPass;
    pass.promise = this.tail.then(() => {
      this.queued = undefined;
      return this.run(pass.reason, pass.scope);
    });
    this.queued = pass;
    this.tail = pass.promise;
    return pass.promise;
  }

  /**
   * close()'s part: a last pass, then re-sends of what keeps failing, with growing pauses, until
   * `closeTimeoutMs`; what still fails is dropped (and reported) so that nothing is left held.
   */
  async close(): Promise<void> {
    const { clock, closeTimeoutMs } = this.options;
    await this.request('close', ALL_LANES);
    const deadline = clock() + closeTimeoutMs;
    let delay = CLOSE_RETRY_DELAY_MS;
    while (this.retry.datums > 0 && clock() < deadline) {
      // A plain (ref'd) timer: the process must stay up until close() is done.
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - clock()))));
      delay *= 2;
      await this.request('close', ALL_LANES);
    }
    if (this.retry.datums > 0) this.drop('closed', this.retry.takeAll());
  }

  private async run(reason: FlushReason, scope: LaneScope): Promise<FlushReport> {
    const { clock, reporter } = this.options;
    const started = clock();
    const droppedBefore = this.droppedSamples;
    const report: FlushReport = {
      reason,
      requests: 0,
      sentRequests: 0,
      failedRequests: 0,
      attempts: 0,
      sentSamples: 0,
      droppedSamples: 0,
      rejectedValues: 0,
      retryDatums: 0,
      retrySamples: 0,
      durationMs: 0,
    };
    try {
      const { requests, rejected } = this.options.drain(scope);
      report.rejectedValues = rejected.length;
      reporter.rejected(rejected);
      await this.send(this.withRetries(requests), report);
    } catch (caught) {
      // Nothing here should throw; if it does, say so rather than break every later flush.
      const error = caught instanceof Error ? caught : new Error(String(caught));
      reporter.error(error, { errorCode: error.name, attempts: 0, datums: 0, samples: 0, willRetry: false });
    }
    this.passes++;
    report.droppedSamples = this.droppedSamples - droppedBefore;
    report.retryDatums = this.retry.datums;
    report.retrySamples = this.retry.samples;
    report.durationMs = clock() - started;
    // Timed passes with nothing to do stay quiet; one asked for always answers.
    const eventful = report.requests > 0 || report.rejectedValues > 0 || report.droppedSamples > 0;
    if (eventful || reason === 'manual' || reason === 'close') reporter.flush(report);
    return report;
  }

  /** Held datums go first (they are older), re-packed with the fresh ones into as few requests as fit. */
  private withRetries(fresh: PutMetricDataRequest[]): PutMetricDataRequest[] {
    // Datums held too long would make CloudWatch reject their whole request: drop them, and say so.
    const oldest = this.options.clock() - MAX_TIMESTAMP_AGE_MS + TIMESTAMP_SAFETY_MARGIN_MS;
    const expired = this.retry.removeOlderThan(oldest);
    if (expired.length > 0) this.drop('expired', expired);
    if (this.retry.datums === 0) return fresh;
    const held = this.retry.takeAll();
    for (const request of fresh) {
      for (const datum of request.MetricData) held.push({ datum, bytes: datumBytes(datum) });
    }
    return packRequests(
      this.options.namespace,
      held.map((item) => item.datum),
      this.options.packing,
      held.map((item) => item.bytes),
    ).requests;
  }

  private async send(requests: PutMetricDataRequest[], report: FlushReport): Promise<void> {
    if (requests.length === 0) return;
    let inFlight = 0;
    for (const request of requests) inFlight += requestSamples(request);
    this.inFlightSamples += inFlight;
    let outcome: PublishOutcome;
    try {
      outcome = await this.options.publisher.publish(requests);
    } finally {
      this.inFlightSamples -= inFlight;
    }
    const toRetry: HeldDatum[] = [];
    for (const result of outcome.outcomes) {
      // The publisher hands back the SDK's input type; ours is the request at the same index.
      const request = requests[result.index] as PutMetricDataRequest;
      const samples = requestSamples(request);
      if (result.status === 'sent') {
        this.sentSamples += samples;
        report.sentSamples += samples;
        report.sentRequests++;
        report.attempts += result.attempts;
        continue;
      }
      const held = request.MetricData.map((datum) => ({ datum, bytes: datumBytes(datum) }));
      if (result.status === 'not-attempted') {
        toRetry.push(...held);
        continue;
      }
      report.failedRequests++;
      report.attempts += result.attempts;
      const context = {
        errorCode: result.errorCode,
        attempts: result.attempts,
        datums: held.length,
        samples,
        willRetry: permanentFailure(result.errorCode, result.error) === undefined,
      };
      if (context.willRetry) {
        this.options.reporter.error(result.error, context);
        toRetry.push(...held);
      } else {
        // Sending it again would only fail again: dropped now, and said once.
        this.droppedSamples += samples;
        this.options.reporter.failedForGood(result.error, context, {
          reason: 'not-retryable',
          datums: held.length,
          samples,
          errorCode: result.errorCode,
          error: result.error,
        });
      }
    }
    report.requests = report.sentRequests + report.failedRequests;
    this.putMetricDataCalls += report.requests;
    this.attempts += report.attempts;
    const overflow = this.retry.add(toRetry);
    if (overflow.length > 0) this.drop('retry-buffer-full', overflow);
  }

  private drop(reason: DropReason, held: HeldDatum[], errorCode?: string, error?: Error): void {
    const { datums, samples } = summarise(held);
    this.droppedSamples += samples;
    this.options.reporter.drop({
      reason,
      datums,
      samples,
      ...(errorCode === undefined ? {} : { errorCode }),
      ...(error === undefined ? {} : { error }),
    });
  }
}

function requestSamples(request: PutMetricDataRequest): number {
  let samples = 0;
  for (const datum of request.MetricData) samples += datumSamples(datum);
  return samples;
}
