import { describe, expect, it } from 'vitest';
import { type PassClock, timeInTurns, timeInvocationsInTurns } from '../src/turns.js';

/** A clock that advances only when the fake work says so: `costAt(invocation)` microseconds per invocation. */
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
    const work = fakeWork(() => 2);
    const times = await timeInTurns(3, 4, 10, work.run, work.clock);
    // 10 invocations in 4 passes: 2, 3, 2, 3; each pass once per repetition, in turn.
    expect(work.order).toEqual([2, 2, 2, 3, 3, 3, 2, 2, 2, 3, 3, 3]);
    expect(work.invocations()).toBe(30);
    expect(times.totalCpuMicros).toEqual([20, 20, 20]);
    expect(times.fastestCpuMicros).toEqual([2, 2, 2]);
    expect(times.fastestWallNanos).toEqual([2000, 2000, 2000]);
  });

  it('spreads a slow phase over every repetition instead of one', async () => {
    // Invocations 20 to 39 of 60 cost five times as much: a phase that one repetition in one stretch would own.
    const slowPhase = (invocation: number) => (invocation >= 20 && invocation < 40 ? 5 : 1);
    const work = fakeWork(slowPhase);
    const times = await timeInTurns(3, 10, 20, work.run, work.clock);
    const slowest = Math.max(...times.totalCpuMicros);
    const fastest = Math.min(...times.totalCpuMicros);
    expect((slowest - fastest) / fastest).toBeLessThan(0.25);
    expect(times.fastestCpuMicros).toEqual([1, 1, 1]);
    // The same work in one stretch per repetition (one pass each): the middle repetition takes it all.
    const stretch = fakeWork(slowPhase);
    const inStretches = await timeInTurns(3, 1, 20, stretch.run, stretch.clock);
    expect(inStretches.totalCpuMicros).toEqual([20, 100, 20]);
    expect(inStretches.fastestCpuMicros).toEqual([1, 5, 1]);
  });

  it('counts every pass in the total, the slow ones too, and only the fastest in the fastest', async () => {
    // One invocation in ten costs 11: a collection that the fastest pass leaves out when passes are short.
    const work = fakeWork((invocation) => (invocation % 10 === 9 ? 11 : 1));
    const times = await timeInTurns(1, 20, 100, work.run, work.clock);
    expect(times.totalCpuMicros).toEqual([200]);
    expect(times.fastestCpuMicros).toEqual([1]);
  });

  it('skips a pass with no invocations rather than divide by zero', async () => {
    const work = fakeWork(() => 3);
    const times = await timeInTurns(2, 5, 2, work.run, work.clock);
    expect(work.order).toEqual([1, 1, 1, 1]);
    expect(times.fastestCpuMicros).toEqual([3, 3]);
  });
});

describe('invocations timed in turns, their inputs made outside the time', () => {
  it('leaves out what preparing each input costs, and prepares one input per invocation, in order', async () => {
    let micros = 0;
    const clock: PassClock = { cpuMicros: () => micros, wallNanos: () => micros * 1000 };
    const prepared: number[] = [];
    const prepare = (index: number) => {
      micros += 1_000; // a parse far dearer than the invocation
      prepared.push(index);
      return index;
    };
    const invoke = async (input: number) => {
      micros += input % 2 === 0 ? 2 : 4;
    };
    const times = await timeInvocationsInTurns(2, 3, 6, prepare, invoke, clock);
    expect(prepared).toEqual(Array.from({ length: 12 }, (_, i) => i));
    // Each repetition gets 3 even and 3 odd inputs in turn: 3 x 2 + 3 x 4 microseconds, nothing of the parses.
    expect(times.totalCpuMicros).toEqual([18, 18]);
    expect(times.fastestCpuMicros).toEqual([3, 3]);
    expect(times.fastestWallNanos).toEqual([3000, 3000]);
  });
});
