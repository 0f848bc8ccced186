/**
 * The `--report` page: one self-contained HTML file (inline CSS and SVG; no script, font or image is
 * fetched) that shows at a glance what each handler cost and that both published the same distribution.
 */
import type { DemoResult, HandlerResult } from './demo.js';
import { formatBytes, formatNumber, formatRatio, formatSeconds, formatUsd } from './format.js';
import { STATISTIC_NAMES, type StatisticName } from './statistics.js';

const COLORS = {
  single: '#c2410c',
  aggregated: '#1d4ed8',
  grid: '#d4d4d8',
  text: '#18181b',
  muted: '#52525b',
};

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

interface Bar {
  label: string;
  value: number;
  shown: string;
  color: string;
}

/** Horizontal bars on a linear scale (a sliver stays visible), each labelled with its value. */
function barChart(title: string, bars: Bar[], note: string): string {
  const width = 560;
  const labelWidth = 110;
  const valueWidth = 130;
  const rowHeight = 34;
  const plot = width - labelWidth - valueWidth;
  const max = Math.max(...bars.map((b) => b.value), Number.MIN_VALUE);
  const height = bars.length * rowHeight + 8;
  const rows = bars
    .map((bar, i) => {
      const y = 4 + i * rowHeight;
      const w = bar.value > 0 ? Math.max(2, (bar.value / max) * plot) : 0;
      return [
        `<text x="${labelWidth - 8}" y="${y + 20}" text-anchor="end" fill="${COLORS.text}">${escapeHtml(bar.label)}</text>`,
        `<rect x="${labelWidth}" y="${y + 4}" width="${w.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="${bar.color}"/>`,
        `<text x="${labelWidth + w + 8}" y="${y + 20}" fill="${COLORS.text}" font-weight="600">${escapeHtml(bar.shown)}</text>`,
      ].join('');
    })
    .join('');
  return `<figure><figcaption>${escapeHtml(title)}</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="${escapeHtml(title)}">${rows}</svg>
<p class="note">${escapeHtml(note)}</p></figure>`;
}

/**
 * The value distribution as read back: each of p1..p100 stands for 1% of the samples, binned into
 * columns; both handlers are drawn over each other (bars: single, outline: aggregated), with lines at
 * their p50, p90 and p99.
 */
function distributionChart(result: DemoResult): string {
  const { single, aggregated } = result;
  const quantiles = (h: HandlerResult): number[] | undefined =>
    h.quantiles.every((q) => q !== null) ? (h.quantiles as number[]) : undefined;
  const qs = quantiles(single);
  const qa = quantiles(aggregated);
  if (!qs && !qa) {
    return '<p class="note">No distribution to show: CloudWatch gives no percentiles for these values (none were published, or some are negative).</p>';
  }
  const all = [...(qs ?? []), ...(qa ?? [])];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const bins = 40;
  const span = hi - lo || 1;
  const binOf = (v: number): number => Math.min(bins - 1, Math.floor(((v - lo) / span) * bins));
  const histogram = (q: number[] | undefined): number[] => {
    const counts = new Array<number>(bins).fill(0);
    if (q)
      for (let k = 1; k <= 100; k += 1)
        counts[binOf(q[k] as number)] = (counts[binOf(q[k] as number)] ?? 0) + 1;
    return counts;
  };
  const hs = histogram(qs);
  const ha = histogram(qa);
  const top = Math.max(...hs, ...ha, 1);

  const width = 640;
  const height = 300;
  const left = 48;
  const right = 16;
  const topPad = 48;
  const bottom = 40;
  const plotW = width - left - right;
  const plotH = height - topPad - bottom;
  const x = (v: number): number => left + ((v - lo) / span) * plotW;
  const binW = plotW / bins;
  const y = (share: number): number => topPad + plotH - (share / top) * plotH;
  const parts: string[] = [];
  for (let t = 0; t <= 4; t += 1) {
    const share = (top * t) / 4;
    parts.push(
      `<line x1="${left}" x2="${width - right}" y1="${y(share).toFixed(1)}" y2="${y(share).toFixed(1)}" stroke="${COLORS.grid}"/>`,
      `<text x="${left - 6}" y="${(y(share) + 4).toFixed(1)}" text-anchor="end" class="axis">${Math.round(share)}%</text>`,
    );
  }
  hs.forEach((count, i) => {
    if (count === 0) return;
    parts.push(
      `<rect x="${(left + i * binW + 1).toFixed(1)}" y="${y(count).toFixed(1)}" width="${(binW - 2).toFixed(1)}" height="${(topPad + plotH - y(count)).toFixed(1)}" fill="${COLORS.single}" opacity="0.55"/>`,
    );
  });
  ha.forEach((count, i) => {
    if (count === 0) return;
    parts.push(
      `<rect x="${(left + i * binW + 1).toFixed(1)}" y="${y(count).toFixed(1)}" width="${(binW - 2).toFixed(1)}" height="${(topPad + plotH - y(count)).toFixed(1)}" fill="none" stroke="${COLORS.aggregated}" stroke-width="2"/>`,
    );
  });
  const markers: [string, number | null | undefined, number | null | undefined][] = [
    ['p50', single.stats.p50, aggregated.stats.p50],
    ['p90', single.stats.p90, aggregated.stats.p90],
    ['p99', single.stats.p99, aggregated.stats.p99],
  ];
  markers.forEach(([name, s, a], i) => {
    for (const [value, color, dash] of [
      [s, COLORS.single, ''],
      [a, COLORS.aggregated, ' stroke-dasharray="5 4"'],
    ] as const) {
      if (value === null || value === undefined) continue;
      parts.push(
        `<line x1="${x(value).toFixed(1)}" x2="${x(value).toFixed(1)}" y1="${topPad - 4}" y2="${topPad + plotH}" stroke="${color}" stroke-width="2"${dash}/>`,
      );
    }
    const at = a ?? s;
    if (at !== null && at !== undefined) {
      parts.push(
        `<text x="${x(at).toFixed(1)}" y="${topPad - 8 - i * 13}" text-anchor="middle" class="marker">${name} ${escapeHtml(formatNumber(at))}</text>`,
      );
    }
  });
  for (let t = 0; t <= 4; t += 1) {
    const v = lo + (span * t) / 4;
    parts.push(
      `<text x="${x(v).toFixed(1)}" y="${height - bottom + 18}" text-anchor="middle" class="axis">${escapeHtml(formatNumber(Number(v.toPrecision(6))))}</text>`,
    );
  }
  parts.push(
    `<text x="${left + plotW / 2}" y="${height - 6}" text-anchor="middle" class="axis">value (share of samples per column, from p1..p100 read back)</text>`,
  );
  return `<figure><figcaption>Value distribution as CloudWatch reads it back</figcaption>
<svg viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="value distribution of both handlers">${parts.join('')}</svg>
<p class="legend"><span class="swatch" style="background:${COLORS.single};opacity:.55"></span>single (solid lines: its p50, p90, p99)
<span class="swatch outline" style="border-color:${COLORS.aggregated}"></span>aggregated (dashed lines)</p></figure>`;
}

function statisticsTable(result: DemoResult): string {
  const same = new Set<StatisticName>(STATISTIC_NAMES.filter((n) => !result.differences.includes(n)));
  const rows = STATISTIC_NAMES.map((name) => {
    const ok = same.has(name);
    return `<tr><th>${name}</th><td>${escapeHtml(formatNumber(result.single.stats[name]))}</td><td>${escapeHtml(formatNumber(result.aggregated.stats[name]))}</td><td>${escapeHtml(formatNumber(result.expected[name]))}</td><td class="${ok ? 'ok' : 'bad'}">${ok ? '✓ same' : '✗ differs'}</td></tr>`;
  }).join('\n');
  return `<table><thead><tr><th></th><th>single</th><th>aggregated</th><th>values sent</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

export function renderReport(result: DemoResult): string {
  const { single, aggregated, settings } = result;
  const fewer = formatRatio(single.putMetricDataCalls, aggregated.putMetricDataCalls);
  const verdict = result.agree
    ? '<span class="ok">✓ both handlers read back identical statistics</span>'
    : `<span class="bad">✗ the handlers disagree on ${escapeHtml(result.differences.join(', '))}</span>`;
  const calls = barChart(
    'PutMetricData calls',
    [
      {
        label: 'single',
        value: single.putMetricDataCalls,
        shown: formatNumber(single.putMetricDataCalls),
        color: COLORS.single,
      },
      {
        label: 'aggregated',
        value: aggregated.putMetricDataCalls,
        shown: formatNumber(aggregated.putMetricDataCalls),
        color: COLORS.aggregated,
      },
    ],
    `${fewer} fewer calls for the same ${formatNumber(result.records)} records (retries included).`,
  );
  const cost = barChart(
    'Cost per million records',
    [
      {
        label: 'single',
        value: single.costPerMillionRecordsUsd,
        shown: formatUsd(single.costPerMillionRecordsUsd),
        color: COLORS.single,
      },
      {
        label: 'aggregated',
        value: aggregated.costPerMillionRecordsUsd,
        shown: formatUsd(aggregated.costPerMillionRecordsUsd),
        color: COLORS.aggregated,
      },
    ],
    `At ${formatUsd(settings.pricePer1000RequestsUsd)} per 1,000 PutMetricData requests (CloudWatch standard pricing; --price-per-1000).`,
  );
  const bytes = barChart(
    'Bytes sent to CloudWatch',
    [
      {
        label: 'single',
        value: single.requestBytes,
        shown: formatBytes(single.requestBytes),
        color: COLORS.single,
      },
      {
        label: 'aggregated',
        value: aggregated.requestBytes,
        shown: formatBytes(aggregated.requestBytes),
        color: COLORS.aggregated,
      },
    ],
    'Request bodies as sent (gzip where the SDK compressed them).',
  );
  const command = [
    'pnpm demo',
    `--records ${settings.records}`,
    `--batch-size ${settings.batchSize}`,
    `--shards ${settings.shards}`,
    `--seed ${settings.seed}`,
    settings.batchingWindowMs > 0 ? `--batching-window-ms ${settings.batchingWindowMs}` : '',
    settings.badRatio > 0 ? `--bad-ratio ${settings.badRatio}` : '',
    settings.faultRate > 0 ? `--fault-rate ${settings.faultRate} --fault-seed ${settings.faultSeed}` : '',
    `--template '${settings.template}'`,
    settings.valueField ? `--value-field ${settings.valueField}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cwagg demo: ${escapeHtml(formatNumber(result.records))} records, ${escapeHtml(fewer)} fewer PutMetricData calls</title>
<style>
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: ${COLORS.text}; margin: 2rem auto; max-width: 1320px; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
.lead { color: ${COLORS.muted}; margin: 0 0 1rem; }
.verdict { font-size: 1.15rem; font-weight: 600; margin: .5rem 0 1.5rem; }
.ok { color: #15803d; } .bad { color: #b91c1c; }
.grid { display: flex; flex-wrap: wrap; gap: 1.5rem 2.5rem; align-items: flex-start; }
figure { margin: 0; } figcaption { font-weight: 600; margin-bottom: .25rem; }
svg { max-width: 100%; height: auto; font-size: 13px; }
svg .axis { fill: ${COLORS.muted}; font-size: 12px; } svg .marker { fill: ${COLORS.text}; font-size: 12px; font-weight: 600; }
.note, .legend { color: ${COLORS.muted}; margin: .25rem 0 0; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 12px; margin: 0 .35rem 0 .75rem; vertical-align: -1px; }
.swatch.outline { border: 2px solid; box-sizing: border-box; }
table { border-collapse: collapse; margin-top: .5rem; } th, td { padding: .3rem .8rem; border-bottom: 1px solid ${COLORS.grid}; text-align: right; }
thead th { border-bottom: 2px solid ${COLORS.text}; } tbody th { text-align: left; font-weight: 500; }
code { background: #f4f4f5; padding: .1rem .3rem; border-radius: 3px; font-size: 13px; }
</style>
</head>
<body>
<h1>cwagg demo: ${escapeHtml(formatNumber(result.records))} records through both handlers</h1>
<p class="lead">${escapeHtml(formatNumber(result.invalid))} malformed records · ${settings.shards} shard(s) · batch size ${settings.batchSize} · fault rate ${settings.faultRate} · ${escapeHtml(formatSeconds(result.elapsedMs))}</p>
<p class="verdict">${verdict}; the aggregated handler made <strong>${escapeHtml(fewer)} fewer</strong> PutMetricData calls.</p>
<div class="grid">
<div>${calls}${cost}${bytes}</div>
<div>${distributionChart(result)}
<figure><figcaption>Statistics read back (GetMetricData)</figcaption>${statisticsTable(result)}
<p class="note">Invalid records counted: single ${escapeHtml(formatNumber(single.invalid))}, aggregated ${escapeHtml(formatNumber(aggregated.invalid))} (sent: ${escapeHtml(formatNumber(result.invalid))}).</p></figure>
</div>
</div>
<p class="note">Reproduce: <code>${escapeHtml(command)}</code></p>
</body>
</html>
`;
}
