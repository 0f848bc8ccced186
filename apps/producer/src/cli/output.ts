import { formatBytes, formatCount, formatNumber, formatSeconds } from '@cwagg/cli';
import type { ProduceProgress, ProduceSummary } from '../produce.js';

/** Counts and rates in whole numbers, grouped as in every cwagg CLI. */
const number = (n: number): string => formatNumber(n, 0);

/** How far along a run is, 0..1, from its count or its duration (whichever is nearer its end). */
export function completion(p: ProduceProgress): number | undefined {
  const byCount = p.count ? (p.sent + p.failed) / p.count : undefined;
  const byTime = p.durationMs ? p.elapsedMs / p.durationMs : undefined;
  const fraction = Math.max(byCount ?? 0, byTime ?? 0);
  return byCount === undefined && byTime === undefined ? undefined : Math.min(1, fraction);
}

export function progressLine(p: ProduceProgress): string {
  const target = p.count ? `/${number(p.count)}` : '';
  return (
    `${number(p.sent)}${target} sent, ${number(p.ratePerSecond)} records/s, ` +
    `${formatCount(p.retries, 'retry', 'retries')}, ${number(p.failed)} failed` +
    (p.throttled > 0 ? `, ${number(p.throttled)} throttled` : '')
  );
}

function bar(fraction: number, width = 24): string {
  const filled = Math.round(fraction * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(fraction * 100)).padStart(3)}%`;
}

export interface ProgressReporter {
  update(progress: ProduceProgress): void;
  /** Ends the progress display (a terminal line is left complete). */
  finish(): void;
}

/**
 * On a terminal: one line redrawn in place, with a bar. Otherwise (CI, pipes, files): a plain line
 * every few seconds, so logs stay readable.
 */
export function createProgressReporter(
  out: { write(text: string): unknown },
  isTty: boolean,
  logEveryMs = 2_000,
): ProgressReporter {
  let lastLog = 0;
  let drawn = false;
  return {
    update(p) {
      if (isTty) {
        const fraction = completion(p);
        out.write(`\r\x1b[2K${fraction === undefined ? '' : `${bar(fraction)}  `}${progressLine(p)}`);
        drawn = true;
      } else if (!p.done && p.elapsedMs - lastLog >= logEveryMs) {
        lastLog = p.elapsedMs;
        out.write(`${formatSeconds(p.elapsedMs)}: ${progressLine(p)}\n`);
      }
    },
    finish() {
      if (drawn) out.write('\n');
      drawn = false;
    },
  };
}

export function formatSummary(s: ProduceSummary, where: string): string {
  const generated = s.sent + s.failed + s.unsent;
  const lines = [
    `${s.aborted ? 'Interrupted: sent' : 'Sent'} ${number(s.sent)} of ${formatCount(generated, 'record')} to stream "${s.stream}" ${where} ` +
      `in ${formatSeconds(s.elapsedMs)} (${number(s.ratePerSecond)} records/s).`,
    `  PutRecords calls: ${number(s.putRecordsCalls)}   bytes: ${formatBytes(s.bytes)}   retries: ${number(s.retries)}   ` +
      `throttled: ${number(s.throttled)}   failed: ${number(s.failed)}` +
      (s.unsent > 0 ? `   not sent: ${number(s.unsent)}` : ''),
    `  stream: ${formatCount(s.shards, 'shard')}${s.createdStream ? ' (created by this run)' : ''}   seed: ${s.seed} (--seed ${s.seed} sends the same records again)`,
  ];
  const codes = Object.entries(s.failureCodes);
  if (codes.length > 0) {
    lines.push(`  failures: ${codes.map(([code, n]) => `${code} x${number(n)}`).join(', ')}`);
    for (const f of s.failures.slice(0, 5)) {
      lines.push(
        `    record ${f.index} (key ${f.partitionKey}): ${f.errorCode}${f.errorMessage ? `: ${f.errorMessage}` : ''}`,
      );
    }
  }
  return lines.join('\n');
}
