/**
 * Figures for RELIABILITY.md. `pnpm --filter @cwagg/local reliability` runs the suites with CWAGG_LONG=1
 * (bigger runs) and CWAGG_RELIABILITY_OUT=<file>; each measured row is appended there as one JSON line.
 * Without that variable nothing is written: CI runs stay quiet.
 */
import { appendFileSync, readFileSync } from 'node:fs';

/** Longer runs (more records, longer load) only when asked for. */
export const LONG = process.env.CWAGG_LONG === '1';

export function recordFigures(row: string, figures: Record<string, unknown>): void {
  const out = process.env.CWAGG_RELIABILITY_OUT;
  if (!out) return;
  appendFileSync(out, `${JSON.stringify({ suite: '@cwagg/local', row, ...figures })}\n`);
}

/** Resident memory of a live process, in MiB: now (VmRSS) and its peak so far (VmHWM). Linux only. */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
    return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
  } catch {
    return undefined; // gone, or not Linux
  }
}

/** Samples the peak resident memory of some processes (their pids can change) until stopped. */
export function watchMemory(pids: () => number[], everyMs = 500) {
  const peaks = new Map<number, number>();
  const sample = (): void => {
    for (const pid of pids()) {
      const memory = memoryOf(pid);
      if (memory) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, memory.peakMb));
    }
  };
  sample();
  const timer = setInterval(sample, everyMs);
  return {
    /** The largest peak of any one process watched, in MiB. */
    stop(): number {
      clearInterval(timer);
      sample();
      return Math.max(0, ...peaks.values());
    },
  };
}
