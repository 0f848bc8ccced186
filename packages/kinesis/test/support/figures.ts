/**
 * Figures for apps/local/RELIABILITY.md. The reliability script (apps/local/scripts/reliability.mjs) runs the
 * suites with CWAGG_LONG=1 (bigger runs) and CWAGG_RELIABILITY_OUT=<file>; each suite appends one JSON line
 * per measured row there. Without that variable nothing is written: CI runs stay quiet.
 */
import { appendFileSync } from 'node:fs';

/** Longer runs (more records, more property runs) only when asked for. */
export const LONG = process.env.CWAGG_LONG === '1';

export function recordFigures(row: string, figures: Record<string, unknown>): void {
  const out = process.env.CWAGG_RELIABILITY_OUT;
  if (!out) return;
  appendFileSync(out, `${JSON.stringify({ suite: '@cwagg/kinesis', row, ...figures })}\n`);
}
