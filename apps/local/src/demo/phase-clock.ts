/** Where a run is and how long each phase took: the result's phasesMs and elapsedMs. */
import type { DemoPhase } from './progress-events.js';

export class PhaseClock {
  readonly startedMs = Date.now();
  readonly phasesMs: Record<DemoPhase, number> = { starting: 0, producing: 0, consuming: 0, reading: 0 };
  #phase: DemoPhase = 'starting';
  #phaseStartMs = this.startedMs;

  get phase(): DemoPhase {
    return this.#phase;
  }

  /** Closes the running phase and starts `next`. */
  enter(next: DemoPhase): void {
    this.stop();
    this.#phase = next;
    this.#phaseStartMs = Date.now();
  }

  /** Records how long the running phase has taken so far. */
  stop(): void {
    this.phasesMs[this.#phase] = Date.now() - this.#phaseStartMs;
  }

  elapsedMs(): number {
    return Date.now() - this.startedMs;
  }
}
