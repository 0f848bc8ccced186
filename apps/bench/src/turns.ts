/**
 * The timed part of a measurement: repetitions made of passes that take turns. The machine has slow phases
 * lasting seconds (a memory-bound loop on the 2-core VM drifts by a quarter), and single invocations vary
 * threefold (cwagg at batch 10,000: 30 to 90 ns per record between the fastest and the 90th percentile, in
 * one process, with no collection or recompilation in between). With each repetition's passes in one
 * stretch, a phase fell on one repetition alone, and one process's repetitions at batch 150 differed by up to
 * 37% of their median. In turns (pass 1 of every repetition, then pass 2 of every one...), every phase falls
 * on all of them: with 20 passes, their fastest passes differed by 3 to 8%.
 */

/** The clocks a pass is timed with: CPU (user + system, every thread) in microseconds, wall in nanoseconds. */
export interface PassClock {
  cpuMicros(): number;
  wallNanos(): number;
}

export const processClock: PassClock = {
  cpuMicros() {
    const used = process.cpuUsage();
    return used.user + used.system;
  },
  wallNanos: () => Number(process.hrtime.bigint()),
};

/** Per repetition: its fastest pass, per invocation, and all of its passes together. */
export interface TurnTimes {
  /** CPU per invocation in the repetition's fastest pass (by CPU). */
  fastestCpuMicros: number[];
  /** Wall time per invocation in the repetition's fastest pass (by wall time). */
  fastestWallNanos: number[];
  /** CPU of all the repetition's passes: every collection and slow phase included. */
  totalCpuMicros: number[];
}

/**
 * Runs `invocations` invocations for each of `repetitions` repetitions, each repetition cut into `passes`
 * passes of (nearly) equal shares, the repetitions taking turns pass by pass.
 *
 * @example
 * const times = await timeInTurns(3, 20, 100, (count) => runInvocations(count));
 * const nsPerRecord = times.fastestCpuMicros.map((micros) => (micros * 1000) / batchSize);
 */
export async function timeInTurns(
  repetitions: number,
  passes: number,
  invocations: number,
  run: (count: number) => Promise<void>,
  clock: PassClock = processClock,
): Promise<TurnTimes> {
  const fastestCpuMicros = new Array<number>(repetitions).fill(Number.POSITIVE_INFINITY);
  const fastestWallNanos = new Array<number>(repetitions).fill(Number.POSITIVE_INFINITY);
  const totalCpuMicros = new Array<number>(repetitions).fill(0);
  for (let pass = 0; pass < passes; pass++) {
    const count = Math.floor(((pass + 1) * invocations) / passes) - Math.floor((pass * invocations) / passes);
    if (count === 0) continue;
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const cpuBefore = clock.cpuMicros();
      const wallBefore = clock.wallNanos();
      await run(count);
      const wall = clock.wallNanos() - wallBefore;
      const cpu = clock.cpuMicros() - cpuBefore;
      fastestCpuMicros[repetition] = Math.min(fastestCpuMicros[repetition] as number, cpu / count);
      fastestWallNanos[repetition] = Math.min(fastestWallNanos[repetition] as number, wall / count);
      totalCpuMicros[repetition] = (totalCpuMicros[repetition] as number) + cpu;
    }
  }
  return { fastestCpuMicros, fastestWallNanos, totalCpuMicros };
}

/**
 * `timeInTurns` counting only the invocations: each one's input is made (`prepare`, e.g. an event parsed from
 * its JSON text) before its time starts. Each invocation is timed on its own, so this is for invocations long
 * enough to dwarf the clock's own cost (a `process.cpuUsage()` call is about a microsecond).
 *
 * @example
 * const times = await timeInvocationsInTurns(3, 20, 30, (i) => JSON.parse(texts[i % texts.length]), handle);
 */
export function timeInvocationsInTurns<T>(
  repetitions: number,
  passes: number,
  invocations: number,
  prepare: (index: number) => T,
  invoke: (input: T) => Promise<void>,
  clock: PassClock = processClock,
): Promise<TurnTimes> {
  const counted = { cpuMicros: 0, wallNanos: 0 };
  const countedClock: PassClock = { cpuMicros: () => counted.cpuMicros, wallNanos: () => counted.wallNanos };
  let next = 0;
  const run = async (count: number) => {
    for (let i = 0; i < count; i++) {
      const input = prepare(next++);
      const cpuBefore = clock.cpuMicros();
      const wallBefore = clock.wallNanos();
      await invoke(input);
      counted.wallNanos += clock.wallNanos() - wallBefore;
      counted.cpuMicros += clock.cpuMicros() - cpuBefore;
    }
  };
  return timeInTurns(repetitions, passes, invocations, run, countedClock);
}
