/** The `otel` phase in the Markdown report. */
import { formatBytes, formatFixed, formatNumber, formatUsd } from '@cwagg/cli';
import { markdownTable } from '../markdown-table.js';
import type { OtelContenderName } from './contenders.js';
import type { OtelComparison } from './phase.js';

const TITLES: Record<OtelContenderName, string> = {
  otelCwagg: 'OpenTelemetry SDK + CwaggMetricExporter',
  otelEmf: 'OpenTelemetry SDK + EMF writer',
  powertools: 'Powertools Metrics (EMF, raw values)',
};

const percent = (fraction: number) => `${formatFixed(fraction * 100, 2)}%`;

export function otelTables(otel: OtelComparison | undefined): string[] {
  if (otel === undefined) return [];
  const entries = Object.entries(otel.byContender) as [
    OtelContenderName,
    NonNullable<OtelComparison['byContender'][OtelContenderName]>,
  ][];
  const rows = entries.map(([name, f]) => [
    TITLES[name],
    `${formatFixed(f.nsPerValue.median, 0)} [${formatFixed(f.nsPerValue.min, 0)}–${formatFixed(f.nsPerValue.max, 0)}]`,
    formatNumber(f.calls, 0),
    formatBytes(f.sentBytes),
    formatBytes(f.logBytes),
    formatUsd(f.totalUsd),
    formatNumber(f.kept.distinctValues, 0),
    percent(f.kept.maxPercentileError),
  ]);
  return [
    `## OpenTelemetry routes to CloudWatch (${formatNumber(otel.values, 0)} latencies, 10 routes, an export every ${formatNumber(otel.valuesPerExport, 0)} values)`,
    '',
    `CPU per value: user + system CPU of recording (histogram.record or addMetric) and exporting, median [min–max] over`,
    `${otel.processes} process(es) x ${otel.repetitions} passes. Per million values: PutMetricData calls and bytes sent (gzipped from`,
    '10,240 bytes, as the SDK sends them), EMF log bytes, and their price; the worst relative error of p50,',
    'p90 or p99 of any route against the exact percentiles, read from what each writes, and the values written for the',
    'whole pass (one per bucket for a histogram, one per value for Powertools). The network is left out.',
    '',
    markdownTable(
      [
        'route',
        'CPU ns/value',
        'calls',
        'request bytes',
        'log bytes',
        'cost',
        'values written',
        'worst p50/p90/p99 error',
      ],
      rows,
    ),
    '',
  ];
}
