/**
 * Progress on stderr while the demo runs: a line per phase, and within a phase a status line that is
 * rewritten in place on a terminal, or printed every few seconds otherwise (logs, CI).
 */

import { formatNumber, formatSeconds } from '@cwagg/cli';
import type { ConsumerProgress, DemoPhase, DemoProgress } from './demo.js';

const PHASE_TITLES: Record<DemoPhase, string> = {
  starting: 'starting kinesis-local, the local CloudWatch and both functions',
  producing: 'producing records into the stream',
  consuming: 'consuming: an event source mapping per function',
  reading: 'reading the statistics back from CloudWatch',
};

const PLAIN_INTERVAL_MS = 5_000;

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

function percent(done: number, total: number): string {
  return total > 0 ? `${Math.floor((done / total) * 100)}%` : '';
}

function consumer(name: string, progress: ConsumerProgress, total: number): string {
  return `${name} ${formatNumber(progress.records)}/${formatNumber(total)} (${percent(progress.records, total)}) ${formatNumber(progress.calls)} calls`;
}

export function describeProgress(progress: DemoProgress): string | undefined {
  switch (progress.phase) {
    case 'producing':
      return `sent ${formatNumber(progress.sent)}/${formatNumber(progress.total)} (${percent(progress.sent, progress.total)}), ${formatNumber(Math.round(progress.ratePerSecond))} records/s`;
    case 'consuming':
      return [
        consumer('single', progress.single, progress.total),
        consumer('aggregated', progress.aggregated, progress.total),
        ...(progress.windowed ? [consumer('windowed', progress.windowed, progress.total)] : []),
      ].join(' | ');
    default:
      return undefined;
  }
}

/** Returns the onProgress callback for runDemo, and `finish()` to close the last status line. */
export function progressPrinter(output: ProgressOutput): {
  onProgress: (progress: DemoProgress) => void;
  /** Closes the phase that is running: `failed` when the demo did not complete. */
  finish: (outcome?: 'done' | 'failed') => void;
} {
  const tty = output.isTTY === true;
  let phase: DemoPhase | undefined;
  let phaseStart = Date.now();
  let statusShown = false;
  let lastPlain = 0;
  let lastStatus: string | undefined;

  const clearStatus = (): void => {
    if (tty && statusShown) output.write('\r\x1b[2K');
    statusShown = false;
  };
  const endPhase = (outcome: 'done' | 'failed'): void => {
    if (phase === undefined) return;
    clearStatus();
    if (lastStatus) output.write(`  ${lastStatus}\n`);
    output.write(
      `  ${outcome === 'done' ? 'done in' : 'failed after'} ${formatSeconds(Date.now() - phaseStart)}\n`,
    );
    lastStatus = undefined;
  };

  return {
    onProgress(progress) {
      if (progress.phase !== phase) {
        endPhase('done');
        phase = progress.phase;
        phaseStart = Date.now();
        lastPlain = Date.now();
        output.write(`${PHASE_TITLES[phase]} ...\n`);
      }
      const status = describeProgress(progress);
      if (status === undefined) return;
      lastStatus = status;
      if (tty) {
        output.write(`\r\x1b[2K  ${status}`);
        statusShown = true;
      } else if (Date.now() - lastPlain >= PLAIN_INTERVAL_MS) {
        output.write(`  ${status}\n`);
        lastPlain = Date.now();
      }
    },
    finish(outcome = 'done') {
      endPhase(outcome);
      phase = undefined;
    },
  };
}
