/**
 * The timed part of a measurement: repetitions made of passes that take turns. The machine has slow phases
 * lasting seconds (a memory-bound loop on the 2-core VM drifts by a quarter): with each repetition's passes in
 * one stretch, a phase fell on one repetition alone, and one process's repetitions at batch 150 differed by up
 * to 37% of their median. In turns (pass 1 of every repetition, then pass 2 of every one...), every phase
 * falls on all of them.
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

/** Time spent by each repetition over all of its passes, and in its fastest pass. */
export interface TurnTimes {
  cpuMicros: number[];
  wallNanos: number[];
  /** CPU per invocation of each repetition's fastest pass: what this bench reported before it counted every pass. */
  fastestPassCpuMicros: number[];
}

/**
 * Runs `invocations` invocations for each of `repetitions` repetitions, each repetition cut into `passes`
 * passes of (nearly) equal shares, the repetitions taking turns pass by pass. A repetition's time is the sum
 * of its passes: collections count wherever they fall (the fastest pass, counted before, left out those that
 * short passes miss, and they are more of the baseline's cost than of cwagg's).
 *
 * @example
 * const times = await timeInTurns(3, 20, 100, (count) => runInvocations(count));
 * const nsPerRecord = times.cpuMicros.map((micros) => (micros * 1000) / (100 * batchSize));
 */
export async function timeInTurns(
  repetitions: number,
  passes: number,
  invocations: number,
  run: (count: number) => Promise<void>,
  clock: PassClock = processClock,
): Promise<TurnTimes> {
  const cpuMicros = new Array<number>(repetitions).fill(0);
  const wallNanos = new Array<number>(repetitions).fill(0);
  const fastestPassCpuMicros = new Array<number>(repetitions).fill(Number.POSITIVE_INFINITY);
  for (let pass = 0; pass < passes; pass++) {
    const count = Math.floor(((pass + 1) * invocations) / passes) - Math.floor((pass * invocations) / passes);
    for (let repetition = 0; repetition < repetitions; repetition++) {
      const cpuBefore = clock.cpuMicros();
      const wallBefore = clock.wallNanos();
      await run(count);
      wallNanos[repetition] = (wallNanos[repetition] as number) + clock.wallNanos() - wallBefore;
      const cpu = clock.cpuMicros() - cpuBefore;
      cpuMicros[repetition] = (cpuMicros[repetition] as number) + cpu;
      if (count > 0) {
        fastestPassCpuMicros[repetition] = Math.min(fastestPassCpuMicros[repetition] as number, cpu / count);
      }
    }
  }
  return { cpuMicros, wallNanos, fastestPassCpuMicros };
}
