/**
 * The tumbling-window rules the poller applies, on their own: which window a record falls in, where a batch
 * must stop, when a window is over, what an invocation of a window carries, and which answers count.
 * The poller's behaviour against the Kinesis emulator is in poller-windows.test.ts.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { LAMBDA_WINDOW_STATE_LIMIT_BYTES } from '../src/limits.js';
import { TumblingWindows, WINDOW_CLOSE_GRACE_MS } from '../src/tumbling-window.js';

const SOURCE = {
  streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/s',
  shardId: 'shardId-000000000001',
};

function recordAt(ms: number, sequence = String(ms)): KinesisRecord {
  return {
    Data: new TextEncoder().encode('1'),
    SequenceNumber: sequence,
    PartitionKey: 'k',
    ApproximateArrivalTimestamp: new Date(ms),
  };
}

describe('TumblingWindows', () => {
  it('puts each record in the window its arrival falls in, aligned to multiples of the length', () => {
    const windows = new TumblingWindows(10);
    expect(windows.windowOf(recordAt(0))).toEqual({ start: 0, end: 10_000 });
    expect(windows.windowOf(recordAt(9_999))).toEqual({ start: 0, end: 10_000 });
    expect(windows.windowOf(recordAt(10_000))).toEqual({ start: 10_000, end: 20_000 });
    expect(windows.windowOf(recordAt(1_764_633_605_123)).start % 10_000).toBe(0);
  });

  it('never lets a batch span two windows, nor pass the batch size', () => {
    const windows = new TumblingWindows(10);
    const buffer = [recordAt(1_000), recordAt(2_000), recordAt(9_000), recordAt(10_000), recordAt(11_000)];
    expect(windows.batchLength(buffer, 100)).toBe(3);
    expect(windows.batchLength(buffer, 2)).toBe(2);
    expect(windows.batchLength([], 100)).toBe(0);
    // A batch that stops at a boundary is complete; one that could still grow is not.
    expect(windows.batchComplete(buffer, 100)).toBe(true);
    expect(windows.batchComplete(buffer.slice(0, 3), 100)).toBe(false);
  });

  it('is over when a later record waits, when the shard is closed, or a grace period after its end', () => {
    const windows = new TumblingWindows(10);
    expect(windows.dueToClose([], true, true, 0)).toBe(false); // no window open
    windows.enter(recordAt(3_000));
    expect(windows.current).toEqual({ start: 0, end: 10_000 });
    expect(windows.dueToClose([recordAt(12_000)], false, false, 0)).toBe(true);
    expect(windows.dueToClose([recordAt(4_000)], false, false, 60_000)).toBe(false);
    expect(windows.dueToClose([], false, true, 0)).toBe(true);
    expect(windows.dueToClose([], true, false, 10_000 + WINDOW_CLOSE_GRACE_MS - 1)).toBe(false);
    expect(windows.dueToClose([], true, false, 10_000 + WINDOW_CLOSE_GRACE_MS)).toBe(true);
    // Not caught up with the stream: more of the window may still come.
    expect(windows.dueToClose([], false, false, 60_000)).toBe(false);
  });

  it('gives each invocation the window, the state so far, and which kind of invocation it is', () => {
    const windows = new TumblingWindows(60);
    windows.enter(recordAt(61_000));
    windows.state = { carried: 1 };
    const aggregate = windows.event([recordAt(61_000, '7')], 'aggregate', SOURCE);
    expect(aggregate).toMatchObject({
      window: { start: new Date(60_000).toISOString(), end: new Date(120_000).toISOString() },
      state: { carried: 1 },
      shardId: SOURCE.shardId,
      eventSourceARN: SOURCE.streamArn,
      isFinalInvokeForWindow: false,
      isWindowTerminatedEarly: false,
    });
    expect(aggregate.Records.map((record) => record.kinesis.sequenceNumber)).toEqual(['7']);
    const final = windows.event([], 'final', SOURCE);
    expect(final.Records).toEqual([]);
    expect(final).toMatchObject({ isFinalInvokeForWindow: true, isWindowTerminatedEarly: false });
    expect(windows.event([], 'terminate', SOURCE)).toMatchObject({ isWindowTerminatedEarly: true });
  });

  it('counts an answer without a state object as a failed invocation', () => {
    expect(TumblingWindows.stateOf({ state: { a: 1 } })).toEqual({ state: { a: 1 } });
    for (const answer of [undefined, null, {}, { state: null }, { state: [] }, { state: 'x' }]) {
      expect(TumblingWindows.stateOf(answer)).toHaveProperty('error');
    }
  });

  it('ends a window early only past Lambda’s state limit, measured as the JSON Lambda would carry', () => {
    const room = LAMBDA_WINDOW_STATE_LIMIT_BYTES - JSON.stringify({ s: '' }).length;
    expect(TumblingWindows.oversized({ s: 'x'.repeat(room) })).toBe(false);
    expect(TumblingWindows.oversized({ s: 'x'.repeat(room + 1) })).toBe(true);
    // Multi-byte characters count by their UTF-8 bytes.
    expect(TumblingWindows.oversized({ s: 'é'.repeat(Math.ceil(room / 2) + 1) })).toBe(true);
  });

  it('starts afresh after a window closes, and keeps the window open after an early end', () => {
    const windows = new TumblingWindows(10);
    windows.enter(recordAt(1_000));
    windows.state = { big: true };
    windows.folded = [recordAt(1_000)];
    windows.last = '1000';
    windows.settle(false);
    expect(windows.current).toEqual({ start: 0, end: 10_000 });
    expect([windows.state, windows.folded, windows.last]).toEqual([{}, [], undefined]);
    windows.settle(true);
    expect(windows.current).toBeUndefined();
  });
});
