/**
 * What Lambda's event source mapping does in a tumbling window, reduced to its rules for in-process tests:
 * each batch invoked with the window's state, the state the answer returns kept for the next; records
 * reported in batchItemFailures re-invoked from the lowest one with the state that answer returned; a failed
 * invocation (no state) re-invoked with the state it was given; then the final invocation, with no records,
 * re-invoked until it succeeds. Every state answered is kept for the test to inspect.
 */

import { type WindowBounds, windowedEvent } from '@cwagg/local-lambda';
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { KinesisHandler } from '../../src/index.js';

export interface WindowRun {
  invocations: number;
  retries: number;
  /** JSON bytes of every state answered. */
  stateBytes: number[];
  /** The last answer (the final invocation's). */
  last: unknown;
}

/** Records in a tumbling window, as Lambda invokes with them (the event local-lambda builds). */
export function windowEvent(
  records: readonly KinesisStreamRecord[],
  window: WindowBounds,
  state: unknown,
  flags: { final?: boolean; terminatedEarly?: boolean } = {},
): KinesisStreamEvent {
  return windowedEvent({ Records: [...records] }, window, { state, ...flags });
}

/** Runs one window over `batches` and closes it; throws when it needs more than `maxInvocations`. */
export async function consumeWindow(
  handler: KinesisHandler,
  batches: readonly (readonly KinesisStreamRecord[])[],
  window: WindowBounds,
  maxInvocations = 1_000,
): Promise<WindowRun> {
  const run: WindowRun = { invocations: 0, retries: 0, stateBytes: [], last: undefined };
  let state: unknown = {};
  const invoke = async (records: readonly KinesisStreamRecord[], final: boolean) => {
    if (run.invocations >= maxInvocations) throw new Error('too many invocations: the window is stuck');
    run.invocations++;
    const answer = (await handler(windowEvent(records, window, state, { final }))) as {
      state?: unknown;
      batchItemFailures?: { itemIdentifier: string }[];
    };
    run.last = answer;
    if (answer.state === undefined || answer.state === null) return records.length > 0 ? 0 : -1;
    run.stateBytes.push(Buffer.byteLength(JSON.stringify(answer.state)));
    const failures = answer.batchItemFailures ?? [];
    if (failures.length === 0) {
      state = answer.state;
      return records.length;
    }
    const lowest = failures
      .map((failure) => failure.itemIdentifier)
      .filter((id) => id !== '')
      .map((id) => BigInt(id))
      .sort((a, b) => (a < b ? -1 : 1))[0];
    // An empty identifier fails the whole invocation: the state it was given stays.
    if (lowest === undefined) return records.length > 0 ? 0 : -1;
    state = answer.state;
    const at = records.findIndex((record) => BigInt(record.kinesis.sequenceNumber) === lowest);
    if (at < 0) throw new Error(`reported sequence number ${lowest} is not in the batch`);
    return at;
  };
  for (const batch of batches) {
    let position = 0;
    while (position < batch.length) {
      const done = await invoke(batch.slice(position), false);
      if (done < batch.length - position) run.retries++;
      position += Math.max(0, done);
    }
  }
  while ((await invoke([], true)) < 0) run.retries++;
  return run;
}
