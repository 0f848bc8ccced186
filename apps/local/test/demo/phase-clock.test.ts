import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PhaseClock } from '../../src/demo/phase-clock.js';

describe('the phase clock', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('times each phase from entering it to entering the next, and the run as a whole', () => {
    const clock = new PhaseClock();
    expect(clock.phase).toBe('starting');
    vi.advanceTimersByTime(1_200);
    clock.enter('producing');
    vi.advanceTimersByTime(3_000);
    clock.enter('consuming');
    vi.advanceTimersByTime(5_000);
    clock.enter('reading');
    vi.advanceTimersByTime(400);
    expect(clock.phasesMs.reading).toBe(0); // still running
    clock.stop();
    expect(clock.phase).toBe('reading');
    expect(clock.phasesMs).toEqual({ starting: 1_200, producing: 3_000, consuming: 5_000, reading: 400 });
    expect(clock.startedMs).toBe(1_000_000);
    expect(clock.elapsedMs()).toBe(9_600);
  });

  it('leaves the phases never reached at 0', () => {
    const clock = new PhaseClock();
    vi.advanceTimersByTime(700);
    clock.stop();
    expect(clock.phasesMs).toEqual({ starting: 700, producing: 0, consuming: 0, reading: 0 });
  });
});
