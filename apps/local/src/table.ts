/** The side-by-side table the demo prints on stdout. */

import { formatBytes, formatNumber, formatRatio, formatSeconds, formatUsd } from '@cwagg/cli';
import { type DemoResult, type HandlerResult, handlerColumns, type WindowedResult } from './demo.js';
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
  if (result.mapping !== undefined) {
    const count = formatNumber(result.mapping.series.length);
    return result.mapping.agree
      ? `yes, in every one of the ${count} (metric, dimensions) series, and equal to the values sent`
      : `yes, but not equal to the values sent in every series (see the ✗ above)`;
  }
  const sent =
    result.single.matchesProduced &&
    result.aggregated.matchesProduced &&
    (result.windowed?.matchesProduced ?? true);
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

/** Series shown in the table; the JSON and the report hold every one. */
export const MAX_TABLE_SERIES = 60;

function dimensionsText(dimensions: Readonly<Record<string, string>>): string {
  const names = Object.keys(dimensions).sort();
  return names.length === 0 ? '(none)' : names.map((name) => `${name}=${dimensions[name]}`).join(' ');
}

/** With METRICS: each series' values as sent, and whether each handler read back the same statistics. */
function seriesLines(result: DemoResult): string[] {
  const mapping = result.mapping;
  if (mapping === undefined) return [];
  const mark = (differs: readonly string[]) => (differs.length === 0 ? '✓' : `✗ ${differs.join(',')}`);
  const shown = mapping.series.slice(0, MAX_TABLE_SERIES);
  const windowed = result.windowed !== undefined;
  const rows: string[][] = [
    [
      'metric',
      'dimensions',
      'values sent',
      'sum',
      'min',
      'max',
      'p50',
      'p99',
      'single',
      'aggregated',
      ...(windowed ? ['windowed'] : []),
    ],
    ...shown.map((row) => [
      row.metric,
      dimensionsText(row.dimensions),
      formatNumber(row.sent.SampleCount),
      formatNumber(row.sent.Sum, 1),
      formatNumber(row.sent.Minimum),
      formatNumber(row.sent.Maximum),
      formatNumber(row.sent.p50),
      formatNumber(row.sent.p99),
      mark(row.differs.single),
      mark(row.differs.aggregated),
      ...(windowed ? [mark(row.differs.windowed ?? [])] : []),
    ]),
  ];
  const hidden = mapping.series.length - shown.length;
  const hiddenBad = mapping.series
    .slice(MAX_TABLE_SERIES)
    .filter(
      (row) =>
        row.differs.single.length > 0 ||
        row.differs.aggregated.length > 0 ||
        (row.differs.windowed ?? []).length > 0,
    ).length;
  const { setAside, folded } = mapping;
  return [
    '',
    `values per metric and dimensions (METRICS ${mapping.metrics}): ✓ = read back equal to the values sent`,
    '',
    ...padLeft(rows, 2),
    ...(hidden > 0
      ? [`... and ${formatNumber(hidden)} more series (${formatNumber(hiddenBad)} differ): see --json`]
      : []),
    '',
    `values set aside (one per value and dimension set): ${formatNumber(setAside.sent)} sent, counted ${formatNumber(setAside.single)} single, ${formatNumber(setAside.aggregated)} aggregated${setAside.windowed === undefined ? '' : `, ${formatNumber(setAside.windowed)} windowed`}; folded into an overflow value: ${formatNumber(folded.single)} single, ${formatNumber(folded.aggregated)} aggregated${folded.windowed === undefined ? '' : `, ${formatNumber(folded.windowed)} windowed`}`,
  ];
}

/** Like pad, with the first `text` columns left-aligned. */
function padLeft(rows: string[][], text: number): string[] {
  const widths =
    rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  return rows.map((row) =>
    row
      .map((cell, column) =>
        column < text ? cell.padEnd(widths[column] ?? 0) : cell.padStart(widths[column] ?? 0),
      )
      .join('   ')
      .trimEnd(),
  );
}

export function renderTable(result: DemoResult): string {
  const { single, aggregated, windowed, settings } = result;
  const columns = handlerColumns(result);
  const row = (label: string, pick: (h: HandlerResult) => string): string[] => [
    label,
    ...columns.map((column) => pick(column.result)),
  ];
  const rows: string[][] = [
    ['', ...columns.map((column) => column.name)],
    row('records', () => formatNumber(result.records)),
    row('invalid records', (h) => formatNumber(h.invalid)),
    row('PutMetricData calls', (h) => formatNumber(h.putMetricDataCalls)),
    row('bytes sent', (h) => formatBytes(h.requestBytes)),
    row('cost per million records', (h) => formatUsd(h.costPerMillionRecordsUsd)),
    ...STATISTIC_NAMES.map((name) => row(name, (h) => formatNumber(h.stats[name]))),
    ...(windowed === undefined
      ? []
      : [row('delay to checkpoint, mean', (h) => formatSeconds(h.delayMs.mean))]),
  ];
  const headline =
    result.mapping === undefined
      ? []
      : [
          `statistics above: the first metric under the first dimension set, its series merged (percentiles per series below)`,
        ];
  const lines = [
    `cwagg demo: ${formatNumber(result.records)} records (${formatNumber(result.invalid)} malformed), ` +
      `${settings.shards} shard(s), batch size ${settings.batchSize}, seed ${settings.seed}` +
      (settings.faultRate > 0 ? `, fault rate ${settings.faultRate}` : '') +
      (settings.preset !== null ? `, preset ${settings.preset}` : ''),
    '',
    ...pad(rows),
    ...headline,
    ...seriesLines(result),
    '',
    `statistics agree: ${agreement(result)}`,
    `aggregated: ${formatRatio(single.putMetricDataCalls, aggregated.putMetricDataCalls)} fewer calls, ` +
      `${formatRatio(single.requestBytes, aggregated.requestBytes)} fewer bytes ` +
      `(price ${formatUsd(settings.pricePer1000RequestsUsd)} per 1,000 requests)`,
    ...handlerNotes('single', single),
    ...handlerNotes('aggregated', aggregated),
    ...(windowed === undefined ? [] : windowedLines(windowed)),
    ...(windowed === undefined ? [] : handlerNotes('windowed', windowed)),
    `took ${formatSeconds(result.elapsedMs)} (start ${formatSeconds(result.phasesMs.starting)}, produce ${formatSeconds(result.phasesMs.producing)}, consume ${formatSeconds(result.phasesMs.consuming)}, read back ${formatSeconds(result.phasesMs.reading)})`,
  ];
  return `${lines.join('\n')}\n`;
}

/** The windowed column's bound: its calls against windows closed and early flushes. */
function windowedLines(windowed: WindowedResult): string[] {
  return [
    `windowed (${windowed.windowSeconds} s tumbling windows): ${formatNumber(windowed.putMetricDataCalls)} calls for ` +
      `${formatNumber(windowed.windows)} shard windows and ${formatNumber(windowed.earlyFlushes)} early flushes ` +
      `(${windowed.withinBound ? 'within' : 'OVER'} the bound of one call per shard and window plus early flushes); ` +
      'metrics appear when a window closes, not per batch',
  ];
}

/** The one-line JSON object (the documented --json shape, plus a few fields); the report's distribution is left out. */
export function resultJson(result: DemoResult): string {
  const handler = ({ quantiles: _quantiles, ...rest }: HandlerResult) => rest;
  const { processes: _processes, histogram: _histogram, ...rest } = result;
  return JSON.stringify({
    ...rest,
    single: handler(result.single),
    aggregated: handler(result.aggregated),
    // Always present: null when no window was asked for.
    windowed: result.windowed === undefined ? null : handler(result.windowed),
  });
}
