/**
 * Lambda's tumbling windows on a Kinesis event source mapping, as the Lambda developer guide describes them
 * ("Tumbling windows"), for the local poller:
 *
 * - every record belongs to the window its approximate arrival time falls in; windows are aligned to
 *   multiples of their length, and a batch never spans two;
 * - each invocation of a window gets `window: {start, end}`, the `state` the previous invocation of the window
 *   returned (`{}` at its start), `shardId`, `eventSourceARN`, `isFinalInvokeForWindow` and
 *   `isWindowTerminatedEarly`; an answer without a `state` object is a failed invocation;
 * - when the window is over (a later record, the clock past its end with nothing more to read, or the shard
 *   closed), a final invocation with no records and `isFinalInvokeForWindow: true`; the shard's checkpoint
 *   moves past the window's records only when it succeeds, and until it does the shard waits;
 * - a state over 1 MB ends the window early: one invocation with that state, no records and
 *   `isWindowTerminatedEarly: true`, then the window goes on with a fresh state. (The guide does not say which
 *   state that invocation gets; the emulator hands over the one that was too large, so nothing is lost by a
 *   handler that publishes it.)
 *
 * The poller keeps the state and the window's records, not the function: a container that dies loses nothing.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import {
  arrivalOf,
  type EventSource,
  lambdaEventFromRecords,
  streamRecordsOf,
  type WindowBounds,
  windowedEvent,
} from './events.js';
import { LAMBDA_WINDOW_STATE_LIMIT_BYTES } from './limits.js';

/** A window is closed once the clock is this far past its end with nothing more read for it. */
export const WINDOW_CLOSE_GRACE_MS = 1_000;

export type WindowInvocation = 'aggregate' | 'final' | 'terminate';

export class TumblingWindows {
  private readonly lengthMs: number;
  /** The open window, once a record of it was invoked. */
  current: WindowBounds | undefined;
  /** The state the next invocation of the open window gets. */
  state: unknown = {};
  /** Records folded into the open window and not yet behind the checkpoint (processed or given up). */
  folded: KinesisRecord[] = [];
  /** The last record of the window moved past (folded or given up): where the checkpoint goes at the close. */
  last: string | undefined;

  constructor(seconds: number) {
    this.lengthMs = seconds * 1000;
  }

  windowOf(record: KinesisRecord): WindowBounds {
    const start = Math.floor(arrivalOf(record) / this.lengthMs) * this.lengthMs;
    return { start, end: start + this.lengthMs };
  }

  /** How many of the buffered records the next batch takes: at most `batchSize`, all of one window. */
  batchLength(buffer: readonly KinesisRecord[], batchSize: number): number {
    const first = buffer[0];
    if (first === undefined) return 0;
    const { start } = this.windowOf(first);
    let n = 0;
    while (n < buffer.length && n < batchSize && this.windowOf(buffer[n] as KinesisRecord).start <= start)
      n++;
    return n;
  }

  /** Whether the buffer already holds a record past the next batch's window: the batch cannot grow. */
  batchComplete(buffer: readonly KinesisRecord[], batchSize: number): boolean {
    return this.batchLength(buffer, batchSize) < Math.min(buffer.length, batchSize);
  }

  /** Whether the open window is over: a later record is waiting, the shard closed, or its time has passed. */
  dueToClose(
    buffer: readonly KinesisRecord[],
    caughtUp: boolean,
    shardClosed: boolean,
    now: number,
  ): boolean {
    if (this.current === undefined) return false;
    const next = buffer[0];
    if (next !== undefined) return this.windowOf(next).start >= this.current.end;
    return shardClosed || (caughtUp && now >= this.current.end + WINDOW_CLOSE_GRACE_MS);
  }

  /** Opens the window of `record` when none is open (the poller closes one before the next opens). */
  enter(record: KinesisRecord): void {
    if (this.current !== undefined) return;
    this.current = this.windowOf(record);
    this.state = {};
  }

  event(
    records: readonly KinesisRecord[],
    kind: WindowInvocation,
    source: Required<Pick<EventSource, 'streamArn' | 'shardId'>> & EventSource,
  ) {
    const event = lambdaEventFromRecords(streamRecordsOf(records), source);
    const fields = { state: this.state, final: kind === 'final', terminatedEarly: kind === 'terminate' };
    return windowedEvent(event, this.current as WindowBounds, fields, source);
  }

  /** The state an answer returns, or why the answer is a failed invocation. */
  static stateOf(response: unknown): { state: Record<string, unknown> } | { error: string } {
    const state = (response as { state?: unknown } | null | undefined)?.state;
    if (state === null || typeof state !== 'object' || Array.isArray(state)) {
      return { error: 'a windowed invocation answered without a state object' };
    }
    return { state: state as Record<string, unknown> };
  }

  /** Past Lambda's limit: the window ends early. */
  static oversized(state: unknown): boolean {
    return Buffer.byteLength(JSON.stringify(state)) > LAMBDA_WINDOW_STATE_LIMIT_BYTES;
  }

  /** After the final invocation (or one that ended the window early): a fresh state, nothing folded. */
  settle(closed: boolean): void {
    if (closed) this.current = undefined;
    this.state = {};
    this.folded = [];
    this.last = undefined;
  }
}
