/**
 * One shard of an event source mapping, as Lambda runs it for Kinesis: read the shard in order, hand the
 * function batches of up to `batchSize` records in the event shape Lambda uses, and checkpoint.
 *
 * - A batch is invoked when it is full, when the batching window has passed since its first record, or
 *   when the shard has nothing more to give right now.
 * - `batchItemFailures` (ReportBatchItemFailures): the checkpoint moves to just before the lowest reported
 *   sequence number and the shard is read again from there (an AT_SEQUENCE_NUMBER iterator). An empty,
 *   malformed or unknown itemIdentifier fails the whole batch, as Lambda does.
 * - A function error (the handler threw, its process died, it timed out) retries the whole batch.
 * - Retries are bounded: after `maxRetryAttempts` retries in a row without the checkpoint moving, the
 *   batch is given up, reported (onEvent 'given-up' and stats().givenUp) and the shard moves on. Never a
 *   silent skip. The count restarts whenever the checkpoint moves, so a handler that keeps making
 *   progress through partial failures is never given up on.
 * - With `tumblingWindowSeconds`, Lambda's tumbling windows (tumbling-window.ts): batches cut at window
 *   boundaries, the window's state passed from one invocation to the next, a final invocation when the window
 *   is over, and the checkpoint moved only when it succeeds. A failed invocation is retried with the state it
 *   had; with batchItemFailures, the state it answered is kept and the shard is read again from the lowest
 *   record reported (the records before it are in that state).
 */
import {
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
  type _Record as KinesisRecord,
  type ShardIteratorType,
} from '@aws-sdk/client-kinesis';
import { type BatchOutcome, interpretResponse } from './batch-response.js';
import { arrivalOf, lambdaEventFromRecords, streamRecordsOf } from './events.js';
import {
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_GET_RECORDS_LIMIT,
  MAX_RETRY_ATTEMPTS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_BATCH_SIZE,
} from './limits.js';
import { TumblingWindows, WINDOW_CLOSE_GRACE_MS, type WindowInvocation } from './tumbling-window.js';
import { abortableSleep, checkInteger } from './util.js';

export type KinesisStreamEvent = ReturnType<typeof lambdaEventFromRecords>;

/** The poller takes its window in ms; Lambda's limits are in limits.ts, shared with infra. */
export const MAX_BATCHING_WINDOW_MS = MAX_BATCHING_WINDOW_SECONDS * 1000;

export const DEFAULT_BATCH_SIZE = 100;
const READ_AHEAD_RECORDS = 1_000;
export const DEFAULT_MAX_RETRY_ATTEMPTS = 10;

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST' | { afterSequenceNumber: string };

export interface ShardPollerOptions {
  client: KinesisClient;
  streamName: string;
  /** Put in every record of the event, as Lambda does. */
  streamArn: string;
  shardId: string;
  region?: string;
  /** Runs the function on one event; resolves with its answer, rejects if it failed. */
  invoke: (event: KinesisStreamEvent) => Promise<unknown>;
  /** Records per invocation, 1..10,000 (default 100, Lambda's). */
  batchSize?: number;
  /** Wait up to this long for a full batch once a record is waiting, 0..300,000 ms (default 0). */
  batchingWindowMs?: number;
  /** Lambda's TumblingWindowInSeconds, 0 (default: no window) to 900. */
  tumblingWindowSeconds?: number;
  /** Retries in a row without progress before a batch is given up, 0..10,000 (default 10). */
  maxRetryAttempts?: number;
  /** Default TRIM_HORIZON; `{ afterSequenceNumber }` resumes after a checkpoint. */
  startingPosition?: StartingPosition;
  /**
   * Pause after a read that found nothing new (default 1 s: Lambda polls an idle shard about once a
   * second; idle pollers hitting the emulator more often slow everything else down).
   */
  idlePollMs?: number;
  /** Back-off before retrying a batch that made no progress: base * 2^n up to max (default 100 ms, 2 s). */
  retryBackoff?: { baseMs?: number; maxMs?: number };
  /** Failed GetRecords/GetShardIterator calls in a row before the poller stops with an error (default 20). */
  maxReadFailures?: number;
  onEvent?: (event: PollerEvent) => void;
}

export interface GivenUpBatch {
  shardId: string;
  firstSequenceNumber: string;
  lastSequenceNumber: string;
  records: number;
  attempts: number;
  reason: string;
}

export type PollerEvent =
  | { type: 'invoked'; shardId: string; records: number; outcome: 'success' | 'partial' | 'error' }
  | { type: 'checkpoint'; shardId: string; sequenceNumber: string; records: number }
  | { type: 'retry'; shardId: string; attempt: number; fromSequenceNumber: string; reason: string }
  | ({ type: 'given-up' } & GivenUpBatch)
  | {
      type: 'window-closed';
      shardId: string;
      start: number;
      end: number;
      records: number;
      /** `closed` by its final invocation, `ended-early` (state over 1 MB), or `given-up` after its retries. */
      outcome: 'closed' | 'ended-early' | 'given-up';
    }
  | { type: 'read-error'; shardId: string; consecutive: number; message: string };

export interface ShardPollerStats {
  shardId: string;
  /** The last sequence number the shard moved past (processed or given up). */
  checkpoint: string | undefined;
  /** Kinesis records moved past because the function handled them. */
  recordsProcessed: number;
  /** Kinesis records moved past because their batch was given up. */
  recordsGivenUp: number;
  invocations: number;
  /** Invocations that answered with batchItemFailures. */
  partialFailures: number;
  /** Invocations that failed as a whole: handler error, crash, timeout, malformed answer. */
  functionErrors: number;
  retries: number;
  getRecordsCalls: number;
  readErrors: number;
  /** MillisBehindLatest of the last read. */
  millisBehindLatest: number | undefined;
  /** Nothing waiting: the last read found no new record and no batch is pending. */
  caughtUp: boolean;
  /** The shard is closed and every record of it was moved past. */
  endOfShard: boolean;
  givenUp: GivenUpBatch[];
  lastError: string | undefined;
  /** Tumbling windows closed by their final invocation, and ended early by a state over 1 MB. */
  windowsClosed: number;
  windowsEndedEarly: number;
  /** From each processed record's arrival in the stream to the checkpoint that moved past it. */
  recordDelay: { records: number; totalMs: number; maxMs: number };
}

export interface ShardPoller {
  readonly shardId: string;
  stats(): ShardPollerStats;
  /** Settles when the poller ends: resolved after stop() or at the end of a closed shard, rejected on a fatal read error. */
  readonly done: Promise<void>;
  /** Stops polling; an invocation in flight is no longer waited for (its outcome is not checkpointed). */
  stop(): Promise<void>;
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.message.split('\n')[0] ?? error.name;
  return String(error);
}

export function startShardPoller(options: ShardPollerOptions): ShardPoller {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  checkInteger('batchSize', batchSize, MIN_BATCH_SIZE, MAX_BATCH_SIZE);
  const windowMs = options.batchingWindowMs ?? 0;
  checkInteger('batchingWindowMs', windowMs, 0, MAX_BATCHING_WINDOW_MS);
  const maxRetries = options.maxRetryAttempts ?? DEFAULT_MAX_RETRY_ATTEMPTS;
  checkInteger('maxRetryAttempts', maxRetries, 0, MAX_RETRY_ATTEMPTS);
  const idlePollMs = options.idlePollMs ?? 1_000;
  const backoffBase = options.retryBackoff?.baseMs ?? 100;
  const backoffMax = options.retryBackoff?.maxMs ?? 2_000;
  const maxReadFailures = options.maxReadFailures ?? 20;
  const windowSeconds = options.tumblingWindowSeconds ?? 0;
  checkInteger('tumblingWindowSeconds', windowSeconds, 0, MAX_TUMBLING_WINDOW_SECONDS);
  const windows = windowSeconds > 0 ? new TumblingWindows(windowSeconds) : undefined;
  const source = {
    streamArn: options.streamArn,
    shardId: options.shardId,
    ...(options.region ? { region: options.region } : {}),
  };
  const { client, streamName, shardId } = options;
  const emit = (event: PollerEvent): void => options.onEvent?.(event);

  const stats: ShardPollerStats = {
    shardId,
    checkpoint:
      typeof options.startingPosition === 'object' ? options.startingPosition.afterSequenceNumber : undefined,
    recordsProcessed: 0,
    recordsGivenUp: 0,
    invocations: 0,
    partialFailures: 0,
    functionErrors: 0,
    retries: 0,
    getRecordsCalls: 0,
    readErrors: 0,
    millisBehindLatest: undefined,
    caughtUp: false,
    endOfShard: false,
    givenUp: [],
    lastError: undefined,
    windowsClosed: 0,
    windowsEndedEarly: 0,
    recordDelay: { records: 0, totalMs: 0, maxMs: 0 },
  };
  const controller = new AbortController();
  const { signal } = controller;

  let iterator: string | undefined;
  /** Where to get a new iterator from: the start position, or the record a retry must begin with. */
  let resume: { type: ShardIteratorType; sequenceNumber?: string } =
    options.startingPosition === 'LATEST'
      ? { type: 'LATEST' }
      : typeof options.startingPosition === 'object'
        ? { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: options.startingPosition.afterSequenceNumber }
        : { type: 'TRIM_HORIZON' };
  let buffer: KinesisRecord[] = [];
  let firstBufferedAt = 0;
  let shardClosed = false;
  /** The last read returned fewer records than it asked for: the shard has nothing more right now. */
  let nothingMoreNow = false;
  let readFailures = 0;
  /** Retries in a row without the checkpoint moving. */
  let attempts = 0;

  const readOnce = async (): Promise<void> => {
    try {
      if (iterator === undefined) {
        const out = await client.send(
          new GetShardIteratorCommand({
            StreamName: streamName,
            ShardId: shardId,
            ShardIteratorType: resume.type,
            ...(resume.sequenceNumber ? { StartingSequenceNumber: resume.sequenceNumber } : {}),
          }),
          { abortSignal: signal },
        );
        iterator = out.ShardIterator;
        if (iterator === undefined) throw new Error(`GetShardIterator gave no iterator for ${shardId}`);
      }
      // Read a little ahead (fewer calls), not a lot: a retry throws the read-ahead away.
      const limit = Math.min(MAX_GET_RECORDS_LIMIT, Math.max(batchSize, READ_AHEAD_RECORDS));
      stats.getRecordsCalls += 1;
      const out: GetRecordsCommandOutput = await client.send(
        new GetRecordsCommand({ ShardIterator: iterator, Limit: limit }),
        { abortSignal: signal },
      );
      readFailures = 0;
      const records = out.Records ?? [];
      if (records.length > 0 && buffer.length === 0) firstBufferedAt = Date.now();
      buffer.push(...records);
      nothingMoreNow = records.length < limit;
      stats.millisBehindLatest = out.MillisBehindLatest;
      const last = records.at(-1);
      if (last?.SequenceNumber)
        resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: last.SequenceNumber };
      iterator = out.NextShardIterator ?? undefined;
      if (out.NextShardIterator === undefined || out.NextShardIterator === null) shardClosed = true;
    } catch (error) {
      if (signal.aborted) return;
      readFailures += 1;
      stats.readErrors += 1;
      stats.lastError = `reading ${shardId}: ${describeError(error)}`;
      emit({ type: 'read-error', shardId, consecutive: readFailures, message: describeError(error) });
      // An expired or bad iterator is replaced from the last position; anything else is retried alike.
      iterator = undefined;
      if (readFailures >= maxReadFailures) {
        throw new Error(
          `gave up reading ${shardId} of stream ${streamName} after ${readFailures} failed calls in a row: ${describeError(error)}`,
        );
      }
      await abortableSleep(Math.min(backoffMax, backoffBase * 2 ** readFailures), signal);
    }
  };

  /** Drops what was read ahead and reads the shard again from `sequenceNumber` (inclusive). */
  const rewindTo = (sequenceNumber: string): void => {
    buffer = [];
    iterator = undefined;
    shardClosed = false;
    resume = { type: 'AT_SEQUENCE_NUMBER', sequenceNumber };
    nothingMoreNow = false;
  };

  /** Counts records moved past: processed (with the delay since each arrived) or given up. */
  const countPast = (records: readonly KinesisRecord[], processed: boolean): void => {
    if (!processed) {
      stats.recordsGivenUp += records.length;
      return;
    }
    stats.recordsProcessed += records.length;
    const now = Date.now();
    const delay = stats.recordDelay;
    for (const record of records) {
      const ms = Math.max(0, now - arrivalOf(record));
      delay.records += 1;
      delay.totalMs += ms;
      if (ms > delay.maxMs) delay.maxMs = ms;
    }
  };

  const checkpointAt = (sequenceNumber: string, records: number): void => {
    stats.checkpoint = sequenceNumber;
    attempts = 0;
    emit({ type: 'checkpoint', shardId, sequenceNumber, records });
  };

  const moveCheckpoint = (records: readonly KinesisRecord[], processed: boolean): void => {
    const last = records.at(-1)?.SequenceNumber;
    if (last === undefined) return;
    countPast(records, processed);
    checkpointAt(last, records.length);
  };

  /** Records handled within the open window: in its state, behind the checkpoint only when it closes. */
  const passInWindow = (records: readonly KinesisRecord[], processed: boolean): void => {
    if (records.length === 0 || windows === undefined) return;
    if (processed) windows.folded.push(...records);
    else countPast(records, false);
    windows.last = records.at(-1)?.SequenceNumber ?? windows.last;
    attempts = 0;
  };

  /**
   * Invokes the function with `batch` (or, in a window, a final or early-ending invocation without records)
   * and reads its answer: undefined when the poller stopped meanwhile. In a window the answer's state comes
   * back too, to be kept when the outcome says so.
   */
  const invokeBatch = async (
    batch: KinesisRecord[],
    kind: WindowInvocation = 'aggregate',
  ): Promise<(BatchOutcome & { state?: Record<string, unknown> }) | undefined> => {
    const event = windows
      ? windows.event(batch, kind, source)
      : lambdaEventFromRecords(streamRecordsOf(batch), source);
    stats.invocations += 1;
    let aborted = false;
    let stopWaiting: () => void = () => {};
    const onAbort = new Promise<void>((resolve) => {
      stopWaiting = (): void => {
        aborted = signal.aborted;
        resolve();
      };
      signal.addEventListener('abort', stopWaiting, { once: true });
    });
    let outcome = { kind: 'success' } as BatchOutcome & { state?: Record<string, unknown> };
    try {
      await Promise.race([
        options.invoke(event).then(
          (response) => {
            const answer = windows ? TumblingWindows.stateOf(response) : undefined;
            if (answer !== undefined && 'error' in answer) outcome = { kind: 'error', reason: answer.error };
            else
              outcome = { ...interpretResponse(response, batch), ...(answer ? { state: answer.state } : {}) };
          },
          (error: unknown) => {
            outcome = { kind: 'error', reason: describeError(error) };
          },
        ),
        onAbort,
      ]);
    } finally {
      signal.removeEventListener('abort', stopWaiting);
    }
    if (aborted) return undefined;
    emit({
      type: 'invoked',
      shardId,
      records: batch.length,
      outcome: outcome.kind === 'partial' ? 'partial' : outcome.kind,
    });
    return outcome;
  };

  const handleFailure = async (batch: KinesisRecord[], from: number, reason: string): Promise<void> => {
    // `from` records of the batch were handled: they are behind the checkpoint (or in the window's state) now.
    if (from > 0) {
      if (windows) passInWindow(batch.slice(0, from), true);
      else moveCheckpoint(batch.slice(0, from), true);
    }
    const rest = batch.slice(from);
    const first = rest[0]?.SequenceNumber as string;
    if (from === 0) {
      attempts += 1;
      if (attempts > maxRetries) {
        const givenUp: GivenUpBatch = {
          shardId,
          firstSequenceNumber: first,
          lastSequenceNumber: rest.at(-1)?.SequenceNumber as string,
          records: rest.length,
          attempts,
          reason,
        };
        stats.givenUp.push(givenUp);
        emit({ type: 'given-up', ...givenUp });
        if (windows) passInWindow(rest, false);
        else moveCheckpoint(rest, false);
        // Continue right after the given-up batch.
        buffer = [];
        iterator = undefined;
        shardClosed = false;
        nothingMoreNow = false;
        resume = { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: givenUp.lastSequenceNumber };
        return;
      }
    }
    stats.retries += 1;
    emit({ type: 'retry', shardId, attempt: attempts, fromSequenceNumber: first, reason });
    rewindTo(first);
    if (from === 0) await abortableSleep(Math.min(backoffMax, backoffBase * 2 ** (attempts - 1)), signal);
  };

  const loop = async (): Promise<void> => {
    while (!signal.aborted) {
      if (windows?.dueToClose(buffer, buffer.length === 0 && nothingMoreNow, shardClosed, Date.now())) {
        await closeWindow('final');
        continue;
      }
      const windowOver = buffer.length > 0 && Date.now() - firstBufferedAt >= windowMs;
      if (
        buffer.length > 0 &&
        (buffer.length >= batchSize ||
          shardClosed ||
          (windowOver && nothingMoreNow) ||
          windows?.batchComplete(buffer, batchSize))
      ) {
        await invokeNextBatch();
        continue;
      }
      if (shardClosed) {
        stats.endOfShard = true;
        return;
      }
      if (nothingMoreNow) {
        // Wait for new records, or for the batching window to close on what is buffered.
        let waitMs =
          buffer.length === 0 ? idlePollMs : Math.min(idlePollMs, windowMs - (Date.now() - firstBufferedAt));
        // An open tumbling window closes on time, read or not.
        if (windows?.current)
          waitMs = Math.min(waitMs, windows.current.end + WINDOW_CLOSE_GRACE_MS - Date.now());
        await abortableSleep(Math.max(0, waitMs), signal);
        if (signal.aborted) return;
      }
      await readOnce();
      stats.caughtUp = buffer.length === 0 && nothingMoreNow;
    }
  };

  const invokeNextBatch = async (): Promise<void> => {
    const batch = buffer.slice(0, windows ? windows.batchLength(buffer, batchSize) : batchSize);
    windows?.enter(batch[0] as KinesisRecord);
    const outcome = await invokeBatch(batch);
    if (outcome === undefined) return; // stopped while the function ran: nothing is checkpointed
    if (windows && outcome.state !== undefined && outcome.kind !== 'error') windows.state = outcome.state;
    if (outcome.kind === 'success') {
      buffer = buffer.slice(batch.length);
      if (buffer.length > 0) firstBufferedAt = Date.now();
      if (windows) {
        passInWindow(batch, true);
        if (TumblingWindows.oversized(windows.state)) await closeWindow('terminate');
      } else {
        moveCheckpoint(batch, true);
      }
    } else if (outcome.kind === 'partial') {
      stats.partialFailures += 1;
      await handleFailure(batch, outcome.failedIndex, 'the function reported batch item failures');
    } else {
      stats.functionErrors += 1;
      stats.lastError = `function error on ${shardId}: ${outcome.reason}`;
      await handleFailure(batch, 0, outcome.reason);
    }
  };

  /**
   * The open window's final invocation (or the one that ends it early): retried with the same state until it
   * succeeds; then the checkpoint moves past every record of the window. Past the retries, the window's
   * records are given up and reported.
   */
  const closeWindow = async (kind: 'final' | 'terminate'): Promise<void> => {
    const open = windows as TumblingWindows;
    const window = open.current as { start: number; end: number };
    const outcome = await invokeBatch([], kind);
    if (outcome === undefined) return;
    const folded = open.folded;
    const last = open.last;
    const closed = (result: 'closed' | 'ended-early' | 'given-up') => {
      emit({
        type: 'window-closed',
        shardId,
        start: window.start,
        end: window.end,
        records: folded.length,
        outcome: result,
      });
      open.settle(kind === 'final');
      if (last !== undefined) checkpointAt(last, folded.length);
    };
    if (outcome.kind === 'success') {
      countPast(folded, true);
      if (kind === 'final') stats.windowsClosed += 1;
      else stats.windowsEndedEarly += 1;
      closed(kind === 'final' ? 'closed' : 'ended-early');
      return;
    }
    const reason =
      outcome.kind === 'error' ? outcome.reason : 'the final invocation reported batch item failures';
    stats.functionErrors += 1;
    stats.lastError = `function error on ${shardId}: ${reason}`;
    attempts += 1;
    if (attempts > maxRetries) {
      const givenUp: GivenUpBatch = {
        shardId,
        firstSequenceNumber: folded[0]?.SequenceNumber ?? last ?? '',
        lastSequenceNumber: last ?? '',
        records: folded.length,
        attempts,
        reason: `the window's ${kind === 'final' ? 'final invocation' : 'early end'} failed: ${reason}`,
      };
      stats.givenUp.push(givenUp);
      emit({ type: 'given-up', ...givenUp });
      countPast(folded, false);
      closed('given-up');
      return;
    }
    stats.retries += 1;
    emit({ type: 'retry', shardId, attempt: attempts, fromSequenceNumber: last ?? '', reason });
    await abortableSleep(Math.min(backoffMax, backoffBase * 2 ** (attempts - 1)), signal);
  };

  const done = loop();
  done.catch(() => {}); // observed by the caller through `done`
  return {
    shardId,
    stats: () => ({ ...stats, givenUp: [...stats.givenUp], recordDelay: { ...stats.recordDelay } }),
    done,
    async stop() {
      controller.abort();
      await done.catch(() => {});
    },
  };
}
