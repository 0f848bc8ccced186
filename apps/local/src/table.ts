/** The side-by-side table the demo prints on stdout. */

import { formatBytes, formatNumber, formatRatio, formatSeconds, formatUsd } from '@cwagg/cli';
import type { DemoResult, HandlerResult } from './demo.js';
import { STATISTIC_NAMES } from './statistics.js';

function pad(rows: string[][]): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column === 0 ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('   ')
      .trimEnd(),
  );
}

function agreement(result: DemoResult): string {
  if (!result.agree) return `no: ${result.differences.join(', ')} differ`;
  const sent = result.single.matchesProduced && result.aggregated.matchesProduced;
  return sent ? 'yes, and equal to the values sent' : 'yes, but not equal to the values sent';
}

function handlerNotes(name: string, handler: HandlerResult): string[] {
  const notes: string[] = [];
  if (handler.givenUp.length > 0) {
    const records = handler.givenUp.reduce((total, batch) => total + batch.records, 0);
    notes.push(
      `${name}: ${handler.givenUp.length} batch(es) of ${records} records GIVEN UP after their retries:`,
      ...handler.givenUp.map(
        (batch) =>
          `  ${batch.shardId} ${batch.firstSequenceNumber}..${batch.lastSequenceNumber} (${batch.records} records, ${batch.attempts} attempts): ${batch.reason}`,
      ),
    );
  }
  if (!handler.matchesProduced) {
    notes.push(`${name}: ${handler.differsFromProduced.join(', ')} differ from the values sent`);
  }
  if (handler.retries > 0) {
    notes.push(
      `${name}: ${handler.retries} batch retries (${handler.partialFailures} partial failures, ${handler.functionErrors} function errors)`,
    );
  }
  return notes;
}

export function renderTable(result: DemoResult): string {
  const { single, aggregated, settings } = result;
  const row = (label: string, pick: (h: HandlerResult) => string): string[] => [
    label,
    pick(single),
    pick(aggregated),
  ];
  const rows: string[][] = [
    ['', 'single', 'aggregated'],
    row('records', () => formatNumber(result.records)),
    row('invalid records', (h) => formatNumber(h.invalid)),
    row('PutMetricData calls', (h) => formatNumber(h.putMetricDataCalls)),
    row('bytes sent', (h) => formatBytes(h.requestBytes)),
    row('cost per million records', (h) => formatUsd(h.costPerMillionRecordsUsd)),
    ...STATISTIC_NAMES.map((name) => row(name, (h) => formatNumber(h.stats[name]))),
  ];
  const lines = [
    `cwagg demo: ${formatNumber(result.records)} records (${formatNumber(result.invalid)} malformed), ` +
      `${settings.shards} shard(s), batch size ${settings.batchSize}, seed ${settings.seed}` +
      (settings.faultRate > 0 ? `, fault rate ${settings.faultRate}` : ''),
    '',
    ...pad(rows),
    '',
    `statistics agree: ${agreement(result)}`,
    `aggregated: ${formatRatio(single.putMetricDataCalls, aggregated.putMetricDataCalls)} fewer calls, ` +
      `${formatRatio(single.requestBytes, aggregated.requestBytes)} fewer bytes ` +
      `(price ${formatUsd(settings.pricePer1000RequestsUsd)} per 1,000 requests)`,
    ...handlerNotes('single', single),
    ...handlerNotes('aggregated', aggregated),
    `took ${formatSeconds(result.elapsedMs)} (start ${formatSeconds(result.phasesMs.starting)}, produce ${formatSeconds(result.phasesMs.producing)}, consume ${formatSeconds(result.phasesMs.consuming)}, read back ${formatSeconds(result.phasesMs.reading)})`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The one-line JSON object (the documented --json shape, plus a few fields); the report's distribution is left out. */
export function resultJson(result: DemoResult): string {
  const handler = ({ quantiles: _quantiles, ...rest }: HandlerResult) => rest;
  const { processes: _processes, histogram: _histogram, ...rest } = result;
  return JSON.stringify({ ...rest, single: handler(result.single), aggregated: handler(result.aggregated) });
}
