/** How a run fails: a DemoError saying in which phase, with the processes it had started. */
import type { DemoPhase } from './progress-events.js';
import type { DemoProcesses } from './result.js';

/** A failing phase: the message says which one. */
export class DemoError extends Error {
  override name = 'DemoError';
  /** The processes the run had started (all stopped by the time the error is thrown). */
  processes: DemoProcesses | undefined;
  constructor(
    readonly phase: DemoPhase,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Stops the run between steps once its signal is aborted, naming the phase it was in. */
export function throwIfInterrupted(signal: AbortSignal | undefined, phase: DemoPhase): void {
  if (signal?.aborted) throw new DemoError(phase, 'stopped (interrupted)');
}
