import { describe, expect, it } from 'vitest';
import { type PassClock, timeInTurns } from '../src/turns.js';

/** A clock that advances only when the fake work says so: `cost` per invocation, from `costAt(invocation)`. */
function fakeWork(costAt: (invocation: number) => number) {
  let micros = 0;
  let invocation = 0;
  const order: number[] = [];
  const clock: PassClock = { cpuMicros: () => micros, wallNanos: () => micros * 1000 };
  const run = async (count: number) => {
    order.push(count);
    for (let i = 0; i < count; i++) micros += costAt(invocation++);
  };
  return { clock, run, order, invocations: () => invocation };
}

describe('repetitions timed in turns', () => {
  it('runs every repetition’s share of each pass before the next pass, and every invocation once per repetition', async () => {
    const work = fakeWork(() => 1);
    const times = await timeInTurns(3, 4, 10, work.run, work.clock);
    // 10 invocations in 4 passes: 2, 3, 2, 3; each pass once per repetition, in turn.
    expect(work.order).toEqual([2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3]);
    expect(work.invocations()).toBe(30);
    expect(times.cpuMicros).toEqual([10, 10, 10]);
    expect(times.wallNanos).toEqual([10_000, 10_000, 10_000]);
  });

  it('spreads a slow phase over every repetition instead of one', async () => {
    // Invocations 20 to 39 of 60 cost five times as much: a phase that one repetition in one stretch would own.
    const slowPhase = (invocation: number) => (invocation >= 20 && invocation < 40 ? 5 : 1);
    const work = fakeWork(slowPhase);
    const times = await timeInTurns(3, 10, 20, work.run, work.clock);
    const slowest = Math.max(...times.cpuMicros);
    const fastest = Math.min(...times.cpuMicros);
    expect((slowest - fastest) / fastest).toBeLessThan(0.25);
    // The same work in one stretch per repetition (one pass each): the middle repetition takes it all.
    const stretch = fakeWork(slowPhase);
    const inStretches = await timeInTurns(3, 1, 20, stretch.run, stretch.clock);
    expect(inStretches.cpuMicros).toEqual([20, 100, 20]);
  });

  it('counts every pass, the slow ones too', async () => {
    // One invocation in ten costs 11: a collection that the fastest pass would leave out.
    const work = fakeWork((invocation) => (invocation % 10 === 9 ? 11 : 1));
    const times = await timeInTurns(1, 10, 100, work.run, work.clock);
    expect(times.cpuMicros).toEqual([200]);
  });
});
