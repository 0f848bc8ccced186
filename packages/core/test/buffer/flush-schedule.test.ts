/** When a buffer flushes: the aligned time arithmetic, and the timer that keeps to it (fake timers). */
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AlignedTimer, nextAlignedTime } from '../../src/buffer/flush-schedule.js';

const START = Date.UTC(2026, 10, 25, 12, 0, 10);
const MINUTE = 60_000;

describe('nextAlignedTime', () => {
  it('is the next period boundary plus the offset, never the current instant', () => {
    expect(nextAlignedTime(START, MINUTE, 5_000)).toBe(Date.UTC(2026, 10, 25, 12, 1, 5));
    expect(nextAlignedTime(Date.UTC(2026, 10, 25, 12, 0, 4), MINUTE, 5_000)).toBe(
      Date.UTC(2026, 10, 25, 12, 0, 5),
    );
    expect(nextAlignedTime(Date.UTC(2026, 10, 25, 12, 0, 5), MINUTE, 5_000)).toBe(
      Date.UTC(2026, 10, 25, 12, 1, 5),
    );
  });

  it('is always later, on a boundary plus the offset, and the first such time', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4e12 }),
        fc.integer({ min: 1, max: 86_400_000 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (after, periodMs, draw) => {
          const offsetMs = Math.floor(draw * periodMs);
          const next = nextAlignedTime(after, periodMs, offsetMs);
          expect(next).toBeGreaterThan(after);
          expect((next - offsetMs) % periodMs).toBe(0);
          // One period earlier is not later than `after`: no aligned time was skipped.
          expect(next - periodMs).toBeLessThanOrEqual(after);
        },
      ),
    );
  });
});

describe('AlignedTimer', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    vi.setSystemTime(START);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('ticks once per period at the aligned time, until stopped', async () => {
    const ticks: number[] = [];
    const timer = new AlignedTimer(MINUTE, 5_000, Date.now, () => ticks.push(Date.now()));
    expect(timer.running).toBe(false);
    timer.start();
    timer.start(); // starting twice schedules once
    expect(timer.running).toBe(true);
    expect(vi.getTimerCount()).toBe(1);
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(ticks).toEqual([
      Date.UTC(2026, 10, 25, 12, 1, 5),
      Date.UTC(2026, 10, 25, 12, 2, 5),
      Date.UTC(2026, 10, 25, 12, 3, 5),
    ]);
    timer.stop();
    expect(timer.running).toBe(false);
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    expect(ticks).toHaveLength(3);
  });

  it('never ticks twice for one period when a timer fires before its clock reaches the aligned time', async () => {
    // A clock 0.1% slower than the timers: each timer fires while the clock still reads just before the
    // aligned time it was aimed at.
    const slowClock = () => START + Math.floor((Date.now() - START) * 0.999);
    const periods: number[] = [];
    const timer = new AlignedTimer(MINUTE, 0, slowClock, () =>
      periods.push(Math.round(slowClock() / MINUTE)),
    );
    timer.start();
    await vi.advanceTimersByTimeAsync(3 * MINUTE);
    timer.stop();
    expect(periods).toEqual([1, 2, 3].map((minute) => Date.UTC(2026, 10, 25, 12, minute) / MINUTE));
  });
});
