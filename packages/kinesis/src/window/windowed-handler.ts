/**
 * The aggregated handler inside a tumbling window: each invocation folds its batch into the window's state
 * and returns it; the window's final invocation (or the one Lambda ends early) publishes everything the state
 * holds, one PutMetricData per namespace. The state stays under WINDOW_STATE_BUDGET_BYTES and within what one
 * request per namespace carries: before a batch would take it past either, the handler publishes the state
 * with as many of the batch's records as fit (an early flush, logged) and goes on afresh in the same window.
 *
 * Exactly once, as the per-batch handler: a publication that fails answers with the state the invocation was
 * given and a retry point at the first record not published, so Lambda re-invokes with the same state; only a
 * lost answer to a stored request can count twice (README).
 */
import type { Publisher } from '@cwagg/core';
import { CardinalityScope } from '@cwagg/core/mapping';
import type { KinesisStreamBatchResponse, KinesisStreamEvent } from 'aws-lambda';
import type { DecodedBatch, InvalidRecord, SetAsideValue } from '../batch.js';
import type { HandlerConfig } from '../config.js';
import type { Decode } from '../decoders.js';
import { logFolded, logInvalid, logSetAside } from '../handler-logs.js';
import type { Logger } from '../log.js';
import { batchResponse, retryPoint } from '../response.js';
import { fitsOneRequestPerNamespace } from './request-bound.js';
import { decodeWindowState, encodeWindowState, stateBytes, stateBytesBound } from './state-codec.js';
import {
  afreshContents,
  cloneContents,
  emptyContents,
  entryCount,
  type WindowContents,
  type WindowMode,
} from './window-contents.js';
import type { TumblingWindow } from './window-event.js';
import { type FoldOutcome, WindowFolder } from './window-fold.js';
import { WINDOW_STATE_BUDGET_BYTES } from './window-limits.js';
import { type WindowPlan, WindowRequestPlanner } from './window-requests.js';

/** What a windowed invocation answers: the state for the next invocation, and any records to retry. */
export type WindowedResponse = KinesisStreamBatchResponse & { state: Record<string, unknown> };

export interface WindowedDependencies {
  config: HandlerConfig;
  publisher: Publisher;
  clock: () => number;
  log: Logger;
  /** The handler's decoder, reading with the window's cardinality scope. */
  decode: Decode;
  /** That scope: restored from the state before each batch is decoded. */
  scope: CardinalityScope;
  /** Bytes the state stays under (default WINDOW_STATE_BUDGET_BYTES; tests lower it). */
  stateBudgetBytes?: number;
}

/**
 * Contents folded with part of a batch, and whether they may be kept: their state under the budget and their
 * publication one request per namespace, both judged from upper bounds (cheap enough for every prefix tried).
 */
interface Candidate {
  contents: WindowContents;
  outcome: FoldOutcome | undefined;
  /** At least the bytes of the state the contents encode to. */
  stateBound: number;
  fits: boolean;
}

/** Why contents were published before the window's end. */
type FlushReason = 'state budget' | 'one request per namespace' | 'one record larger than a state';

/**
 * The aggregated handler's windowed part, with a cardinality scope of its own (carried over the window's
 * invocations in its state) that the decoder `decoderWith` makes reads with. The handler imports this module
 * on the first windowed invocation (lazy.ts).
 */
export async function createWindowedAggregator(
  deps: Omit<WindowedDependencies, 'decode' | 'scope'>,
  decoderWith: (scope: CardinalityScope) => Decode | Promise<Decode>,
): Promise<WindowedAggregator> {
  const scope = new CardinalityScope();
  return new WindowedAggregator({ ...deps, scope, decode: await decoderWith(scope) });
}

export class WindowedAggregator {
  private readonly folder: WindowFolder;
  private readonly planner: WindowRequestPlanner;
  private readonly mode: WindowMode;
  private readonly budget: number;

  constructor(private readonly deps: WindowedDependencies) {
    this.budget = deps.stateBudgetBytes ?? WINDOW_STATE_BUDGET_BYTES;
    this.folder = new WindowFolder(deps.config);
    this.planner = new WindowRequestPlanner(deps.config, deps.clock);
    const error = deps.config.maxRelativeError;
    this.mode = error === undefined ? { kind: 'exact' } : { kind: 'bounded', relativeError: error };
  }

  async handle(
    event: KinesisStreamEvent,
    window: TumblingWindow,
    deadline: AbortSignal | undefined,
  ): Promise<WindowedResponse> {
    const { log, clock } = this.deps;
    const records = Array.isArray(event?.Records) ? event.Records : [];
    let committed = this.readState(window);
    this.deps.scope.restore(committed.kept);
    const batch = await this.deps.decode({ Records: records });
    const kept = this.deps.scope.kept();
    committed.kept = kept;
    const now = clock();
    const end = batch.recordCount;
    /** Records before `cursor` are in `committed` (or already published). */
    let cursor = 0;
    let flushed = false;
    /** The first record not published by an early flush of this invocation. */
    let flushedUpTo = 0;
    const outcomes: FoldOutcome[] = [];
    for (;;) {
      const whole = this.candidate(committed, batch, cursor, end, now);
      if (whole.fits) {
        committed = whole.contents;
        if (whole.outcome) outcomes.push(whole.outcome);
        cursor = end;
        break;
      }
      const flush = this.nextFlush(committed, batch, cursor, end, now);
      const plan = this.planner.plan(flush.candidate.contents);
      const sent = await this.publish(plan, deadline);
      this.logFlush(window, flush, plan, sent.ok);
      if (!sent.ok) {
        this.logOutcomes(batch, outcomes);
        return this.failure(window, batch, cursor, committed, flushed);
      }
      if (flush.candidate.outcome) outcomes.push(flush.candidate.outcome);
      flushed = true;
      committed = afreshContents(flush.candidate.contents);
      committed.earlyFlushes += 1;
      cursor = flush.end;
      flushedUpTo = flush.end;
    }
    this.logOutcomes(batch, outcomes);

    if (!window.final && !window.terminatedEarly) {
      const state = encodeWindowState(committed);
      log.info('window batch folded', {
        handler: 'aggregated',
        window: windowName(window),
        records: batch.recordCount,
        values: outcomes.reduce((sum, outcome) => sum + outcome.values, 0),
        recordsInState: committed.records,
        entries: entryCount(committed),
        stateBytes: stateBytes(state),
      });
      return { state, batchItemFailures: [] };
    }
    if (committed.records > 0) {
      const plan = this.planner.plan(committed);
      const sent = await this.publish(plan, deadline);
      log.info(sent.ok ? 'window published' : 'window publication failed; Lambda retries it', {
        handler: 'aggregated',
        window: windowName(window),
        ...(window.terminatedEarly ? { terminatedEarly: true } : {}),
        records: committed.records,
        values: plan.values,
        samples: plan.samples,
        requests: plan.requests.length,
        sent: sent.sent,
        bodyBytes: plan.bodyBytes,
        earlyFlushes: committed.earlyFlushes,
        ...(plan.refused > 0 ? { refusedAtPublication: plan.refused } : {}),
        ...(sent.error ? { error: sent.error } : {}),
      });
      if (!sent.ok) return this.failure(window, batch, flushedUpTo, committed, flushed);
    }
    // The window is over: Lambda drops the state (or, ended early, starts the window afresh).
    return { state: {}, batchItemFailures: [] };
  }

  /** The state Lambda passed, read; unreadable state is reported and the window goes on afresh. */
  private readState(window: TumblingWindow): WindowContents {
    const read = decodeWindowState(window.state);
    if (read.kind === 'read') {
      const { windowStart } = read.contents;
      if (Number.isFinite(window.startMs) && windowStart !== window.startMs) {
        this.deps.log.warn('window state written in another window; its values are published with this one', {
          handler: 'aggregated',
          window: windowName(window),
          stateWindow: Number.isFinite(windowStart)
            ? new Date(windowStart).toISOString()
            : String(windowStart),
        });
      }
      return read.contents;
    }
    if (read.kind === 'unreadable') {
      this.deps.log.error('window state unreadable; the window goes on afresh, this batch included', {
        handler: 'aggregated',
        window: windowName(window),
        reason: read.reason,
      });
    }
    return emptyContents(this.mode, window.startMs);
  }

  /** `committed` with records [from, to) folded in, encoded and planned. */
  private candidate(
    committed: WindowContents,
    batch: DecodedBatch,
    from: number,
    to: number,
    now: number,
  ): Candidate {
    let contents = committed;
    let outcome: FoldOutcome | undefined;
    if (to > from) {
      contents = cloneContents(committed);
      outcome = this.folder.fold(contents, batch, from, to, now);
    }
    const stateBound = stateBytesBound(contents);
    const fits =
      stateBound <= this.budget &&
      fitsOneRequestPerNamespace(contents, this.deps.config.namespace, this.planner.ownMetrics(contents));
    return { contents, outcome, stateBound, fits };
  }

  /**
   * What to publish before the window's end: the state with the longest run of the batch's next records that
   * still fits (records are cut where they fit, as the per-batch runs are); the state alone when not one more
   * record fits beside it; or, in a fresh state, a record too large for a state on its own.
   */
  private nextFlush(
    committed: WindowContents,
    batch: DecodedBatch,
    from: number,
    end: number,
    now: number,
  ): { candidate: Candidate; end: number; reason: FlushReason } {
    const reasonOf = (candidate: Candidate): FlushReason =>
      candidate.stateBound > this.budget ? 'state budget' : 'one request per namespace';
    if (from < end) {
      let best = this.candidate(committed, batch, from, from + 1, now);
      if (best.fits) {
        let fits = from + 1;
        let tooBig = end;
        let over: Candidate | undefined;
        while (tooBig - fits > 1) {
          const middle = (fits + tooBig) >>> 1;
          const candidate = this.candidate(committed, batch, from, middle, now);
          if (candidate.fits) {
            fits = middle;
            best = candidate;
          } else {
            tooBig = middle;
            over = candidate;
          }
        }
        return { candidate: best, end: fits, reason: over ? reasonOf(over) : 'state budget' };
      }
      if (committed.records === 0) {
        return { candidate: best, end: from + 1, reason: 'one record larger than a state' };
      }
    }
    const alone = this.candidate(committed, batch, from, from, now);
    return { candidate: alone, end: from, reason: reasonOf(alone) };
  }

  private async publish(
    plan: WindowPlan,
    deadline: AbortSignal | undefined,
  ): Promise<{ ok: boolean; sent: number; error?: string }> {
    const outcome = await this.deps.publisher.publish(plan.requests, {
      mode: 'in-order',
      ...(deadline ? { signal: deadline } : {}),
    });
    const failure = outcome.outcomes.find((o) => o.status === 'failed');
    return {
      ok: outcome.sent === plan.requests.length,
      sent: outcome.sent,
      ...(failure?.status === 'failed'
        ? { error: `${failure.errorCode} after ${failure.attempts} attempt(s)` }
        : {}),
    };
  }

  /**
   * A failed publication: Lambda must retry from the first record not published, with the state that covers
   * everything before it. With nothing published in this invocation that is the state it was given, handed
   * back untouched; after an early flush here, the state that flush left.
   */
  private failure(
    window: TumblingWindow,
    batch: DecodedBatch,
    at: number,
    committed: WindowContents,
    flushed: boolean,
  ): WindowedResponse {
    const state = flushed
      ? encodeWindowState(afreshContents(committed))
      : ((window.state ?? {}) as Record<string, unknown>);
    const point = retryPoint(batch.sequenceNumberOf, batch.recordCount, at);
    return { state, ...batchResponse([point]) };
  }

  private logFlush(
    window: TumblingWindow,
    flush: { candidate: Candidate; end: number; reason: FlushReason },
    plan: WindowPlan,
    ok: boolean,
  ): void {
    const { contents } = flush.candidate;
    this.deps.log.warn(
      ok
        ? 'window state at its budget: published early, the window goes on afresh'
        : 'window state at its budget: the early publication failed; Lambda retries with the same state',
      {
        handler: 'aggregated',
        window: windowName(window),
        reason: flush.reason,
        records: contents.records,
        values: plan.values,
        samples: plan.samples,
        requests: plan.requests.length,
        bodyBytes: plan.bodyBytes,
      },
    );
  }

  private logOutcomes(batch: DecodedBatch, outcomes: readonly FoldOutcome[]): void {
    const invalid: InvalidRecord[] = outcomes.flatMap((outcome) => outcome.invalid);
    const setAside: SetAsideValue[] = outcomes.flatMap((outcome) => outcome.setAside);
    logInvalid(this.deps.log, 'aggregated', invalid);
    logSetAside(this.deps.log, 'aggregated', batch, setAside);
    logFolded(this.deps.log, 'aggregated', batch);
  }
}

function windowName(window: TumblingWindow): string {
  return Number.isFinite(window.startMs) ? new Date(window.startMs).toISOString() : 'unknown';
}
