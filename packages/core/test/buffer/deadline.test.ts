/** A flush's deadline: fires at its time on the clock, only ever moves earlier, and leaves no timer behind. */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../src/buffer/deadline.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  vi.useRealTimers();
});

describe('Deadline', () => {
  it('aborts at its time, not a millisecond before', async () => {
    const deadline = new Deadline(NOW + 500, Date.now);
    await vi.advanceTimersByTimeAsync(499);
    expect(deadline.signal.aborted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('is already aborted when its time has passed, and never sets a timer for no deadline', () => {
    expect(new Deadline(NOW, Date.now).signal.aborted).toBe(true);
    expect(new Deadline(NOW - 1, Date.now).signal.aborted).toBe(true);
    const none = new Deadline(Number.POSITIVE_INFINITY, Date.now);
    expect(none.signal.aborted).toBe(false);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('ends at the earliest of every time it was given, whatever their order', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 1, max: 10_000 }), { minLength: 1, maxLength: 6 }),
        async (waits) => {
          vi.setSystemTime(NOW);
          const [first, ...later] = waits as [number, ...number[]];
          const deadline = new Deadline(NOW + first, Date.now);
          for (const wait of later) deadline.tighten(NOW + wait);
          const earliest = Math.min(...waits);
          expect(deadline.expiresAt).toBe(NOW + earliest);
          await vi.advanceTimersByTimeAsync(earliest - 1);
          expect(deadline.signal.aborted).toBe(false);
          await vi.advanceTimersByTimeAsync(1);
          expect(deadline.signal.aborted).toBe(true);
          expect(vi.getTimerCount()).toBe(0);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('dispose() stops the timer: the work is over, nothing aborts later', async () => {
    const deadline = new Deadline(NOW + 100, Date.now);
    deadline.dispose();
    expect(vi.getTimerCount()).toBe(0);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(deadline.signal.aborted).toBe(false);
  });
});
