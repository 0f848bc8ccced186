/**
 * A MetricsBuffer's flushes: one pass at a time, each draining the buffer, re-packing what the retry buffer
 * holds with the fresh datums, publishing, and keeping (bounded) what failed for the next pass. It counts
 * every sample it is handed as sent, dropped, retrying or in flight, and reports each drop and failure.
 * Every pass has a deadline (flushTimeoutMs, or sooner when a caller or close() has less time): requests
 * still unanswered then are abandoned, so no endpoint can hold a flush, or close(), for longer.
 */
import { MAX_TIMESTAMP_AGE_MS } from '../limits/constants.js';
import { TIMESTAMP_SAFETY_MARGIN_MS } from '../limits/validation.js';
import { datumBytes, type PackingLimits, packRequests } from '../packing.js';
import type { Publisher, PublishOutcome } from '../publisher.js';
import type { PutMetricDataRequest, RejectedValue } from '../types.js';
import { Deadline } from './deadline.js';
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
  flushTimeoutMs: number;
  reporter: BufferReporter;
  /** Called when a pass starts, so that it carries everything recorded before it started. */
  drain(scope: LaneScope): Drained;
}

interface QueuedPass {
  reason: FlushReason;
  scope: LaneScope;
  /** The earliest deadline of those waiting on it (epoch ms on the clock); Infinity for none. */
  deadlineAt: number;
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
  /** The deadline of the pass sending now. */
  private running: Deadline | undefined;
  /** When close() gives up: later passes end by then, and what fails after it is dropped, not held. */
  private closeDeadline = Number.POSITIVE_INFINITY;

  constructor(private readonly options: FlushQueueOptions) {
    this.retry = new RetryBuffer(options.maxRetryDatums, options.maxRetryBytes);
  }

  /** Samples held in the retry buffer, to be sent with the next pass. */
  get retryingSamples(): number {
    return this.retry.samples;
  }

  /**
   * Queues a pass. Passes run one at a time; a request while one runs joins the next (which drains when it
   * starts, so it carries everything recorded before the request). The promise settles by `deadlineAt`
   * (epoch ms on the clock) at the latest: the pass sending now is cut short to it too. Never rejects.
   */
  request(
    reason: FlushReason,
    scope: LaneScope,
    deadlineAt = Number.POSITIVE_INFINITY,
  ): Promise<FlushReport> {
    this.running?.tighten(deadlineAt);
    const queued = this.queued;
    if (queued !== undefined) {
      queued.scope |= scope;
      queued.deadlineAt = Math.min(queued.deadlineAt, deadlineAt);
      return queued.promise;
    }
    const pass = { reason, scope, deadlineAt } as QueuedPass;
    pass.promise = this.tail.then(() => {
      this.queued = undefined;
      return this.run(pass);
    });
    this.queued = pass;
    this.tail = pass.promise;
    return pass.promise;
  }

  /**
   * close()'s part, all of it within `closeTimeoutMs`: the pass in flight and a last pass, then re-sends of
   * what keeps failing, with growing pauses; at the deadline whatever is in flight is abandoned, and what is
   * not sent is dropped (and reported) so that nothing is left held.
   */
  async close(): Promise<void> {
    const { clock, closeTimeoutMs } = this.options;
    const deadline = clock() + closeTimeoutMs;
    this.closeDeadline = deadline;
    await this.request('close', ALL_LANES, deadline);
    let delay = CLOSE_RETRY_DELAY_MS;
    while (this.retry.datums > 0 && clock() < deadline) {
      // A plain (ref'd) timer: the process must stay up until close() is done.
      await new Promise((resolve) => setTimeout(resolve, Math.min(delay, Math.max(0, deadline - clock()))));
      delay *= 2;
      await this.request('close', ALL_LANES, deadline);
    }
    if (this.retry.datums > 0) this.drop('closed', this.retry.takeAll());
  }

  private async run(pass: QueuedPass): Promise<FlushReport> {
    const { clock, reporter } = this.options;
    const { reason, scope } = pass;
    const started = clock();
    const deadline = new Deadline(
      Math.min(pass.deadlineAt, started + this.options.flushTimeoutMs, this.closeDeadline),
      clock,
    );
    this.running = deadline;
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
      await this.send(this.withRetries(requests), report, deadline.signal);
    } catch (caught) {
      // Nothing here should throw; if it does, say so rather than break every later flush.
      const error = caught instanceof Error ? caught : new Error(String(caught));
      reporter.error(error, { errorCode: error.name, attempts: 0, datums: 0, samples: 0, willRetry: false });
    } finally {
      deadline.dispose();
      this.running = undefined;
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

  private async send(
    requests: PutMetricDataRequest[],
    report: FlushReport,
    signal: AbortSignal,
  ): Promise<void> {
    if (requests.length === 0) return;
    let inFlight = 0;
    for (const request of requests) inFlight += requestSamples(request);
    this.inFlightSamples += inFlight;
    let outcome: PublishOutcome;
    try {
      outcome = await this.options.publisher.publish(requests, { signal });
    } finally {
      this.inFlightSamples -= inFlight;
    }
    // Past close()'s deadline nothing will be sent again: what failed is dropped now, not held.
    const closing = this.options.clock() >= this.closeDeadline;
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
      const permanent = permanentFailure(result.errorCode, result.error) !== undefined;
      const context = {
        errorCode: result.errorCode,
        attempts: result.attempts,
        datums: held.length,
        samples,
        willRetry: !closing && !permanent,
      };
      if (!permanent) {
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
    if (closing) {
      if (toRetry.length > 0) this.drop('closed', toRetry);
      return;
    }
    const overflow = this.retry.add(toRetry);
    if (overflow.length > 0) this.drop('retry-buffer-full', overflow);
  }

  /** Samples dropped before they became datums (records that came while the buffer was full). */
  dropUnbuffered(reason: DropReason, samples: number): void {
    this.droppedSamples += samples;
    this.options.reporter.drop({ reason, datums: 0, samples });
  }

  private drop(reason: DropReason, held: HeldDatum[]): void {
    const { datums, samples } = summarise(held);
    this.droppedSamples += samples;
    this.options.reporter.drop({ reason, datums, samples });
  }
}

function requestSamples(request: PutMetricDataRequest): number {
  let samples = 0;
  for (const datum of request.MetricData) samples += datumSamples(datum);
  return samples;
}
