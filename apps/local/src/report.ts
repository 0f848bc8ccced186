/**
 * The `--report` page: one self-contained HTML file (inline CSS and SVG; no script, font or image is
 * fetched) that shows at a glance what each handler cost and that both published the same distribution.
 */

import { formatBytes, formatNumber, formatRatio, formatSeconds, formatUsd } from '@cwagg/cli';
import { type DemoResult, type HandlerResult, handlerColumns } from './demo.js';
import { PRESETS } from './presets.js';
import { STATISTIC_NAMES, type StatisticName } from './statistics.js';

const COLORS = {
  single: '#c2410c',
  aggregated: '#1d4ed8',
  windowed: '#7c3aed',
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

interface Plot {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function plotArea(plot: Plot) {
  return { w: plot.width - plot.left - plot.right, h: plot.height - plot.top - plot.bottom };
}

/** About 5 round tick values covering [lo, hi] (e.g. 0, 250, 500, 750, 1,000). */
function ticks(lo: number, hi: number): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((m) => m >= raw) ?? raw;
  const first = Math.ceil(lo / step) * step;
  const values: number[] = [];
  for (let v = first; v <= hi + step * 1e-9; v += step) values.push(Number(v.toPrecision(6)));
  return values;
}

const shortNumber = (value: number): string => formatNumber(Number(value.toPrecision(4)));

/**
 * The values sent, as a histogram, with each handler's p50, p90 and p99 as read back drawn over it:
 * solid lines for the single-value handler, dashed for the aggregated one. Where they agree, they overlap.
 */
function histogramChart(result: DemoResult): string {
  const bins = result.histogram;
  if (bins.length === 0) return '<p class="note">No valid values were sent: no distribution to show.</p>';
  const plot: Plot = { width: 640, height: 300, left: 56, right: 24, top: 56, bottom: 44 };
  const { w, h } = plotArea(plot);
  const total = bins.reduce((sum, bin) => sum + bin.count, 0);
  const shares = bins.map((bin) => (bin.count / total) * 100);
  const yTicks = ticks(0, Math.max(...shares));
  const yMax = Math.max(yTicks.at(-1) ?? 1, ...shares);
  const lo = bins[0]?.from ?? 0;
  const hi = bins.at(-1)?.to ?? 1;
  const span = hi - lo || 1;
  const x = (value: number): number => plot.left + ((value - lo) / span) * w;
  const y = (share: number): number => plot.top + h - (share / yMax) * h;
  const parts: string[] = [];
  for (const tick of yTicks) {
    parts.push(
      `<line x1="${plot.left}" x2="${plot.width - plot.right}" y1="${y(tick).toFixed(1)}" y2="${y(tick).toFixed(1)}" stroke="${COLORS.grid}"/>`,
      `<text x="${plot.left - 6}" y="${(y(tick) + 4).toFixed(1)}" text-anchor="end" class="axis">${shortNumber(tick)}%</text>`,
    );
  }
  const barWidth = bins.length === 1 ? Math.min(40, w) : w / bins.length;
  bins.forEach((bin, i) => {
    const left = bins.length === 1 ? plot.left + (w - barWidth) / 2 : plot.left + i * barWidth;
    const share = shares[i] ?? 0;
    parts.push(
      `<rect x="${(left + 0.5).toFixed(1)}" y="${y(share).toFixed(1)}" width="${Math.max(1, barWidth - 1).toFixed(1)}" height="${(plot.top + h - y(share)).toFixed(1)}" fill="#a1a1aa"><title>${escapeHtml(`${shortNumber(bin.from)} to ${shortNumber(bin.to)}: ${formatNumber(bin.count)} values`)}</title></rect>`,
    );
  });
  const markers = [
    ['p50', result.single.stats.p50, result.aggregated.stats.p50],
    ['p90', result.single.stats.p90, result.aggregated.stats.p90],
    ['p99', result.single.stats.p99, result.aggregated.stats.p99],
  ] as const;
  markers.forEach(([name, single, aggregated], i) => {
    const lines = [
      [single, COLORS.single, ''],
      [aggregated, COLORS.aggregated, ' stroke-dasharray="6 5"'],
    ] as const;
    for (const [value, color, dash] of lines) {
      if (value === null) continue;
      parts.push(
        `<line x1="${x(value).toFixed(1)}" x2="${x(value).toFixed(1)}" y1="${plot.top - 6 - i * 14}" y2="${plot.top + h}" stroke="${color}" stroke-width="2.5"${dash}/>`,
      );
    }
    const at = aggregated ?? single;
    if (at !== null) {
      const nearRight = x(at) > plot.width - plot.right - 60;
      parts.push(
        `<text x="${(x(at) + (nearRight ? -5 : 5)).toFixed(1)}" y="${plot.top - 8 - i * 14}" text-anchor="${nearRight ? 'end' : 'start'}" class="marker">${name} ${escapeHtml(formatNumber(at))}</text>`,
      );
    }
  });
  for (const value of ticks(lo, hi)) {
    parts.push(
      `<text x="${x(value).toFixed(1)}" y="${plot.height - plot.bottom + 18}" text-anchor="middle" class="axis">${escapeHtml(shortNumber(value))}</text>`,
    );
  }
  parts.push(
    `<text x="${plot.left + w / 2}" y="${plot.height - 6}" text-anchor="middle" class="axis">value sent (bars: share of the ${escapeHtml(formatNumber(total))} valid records)</text>`,
  );
  return `<figure><figcaption>Values sent, and each handler's p50 / p90 / p99 as CloudWatch reads them back</figcaption>
<svg viewBox="0 0 ${plot.width} ${plot.height}" width="${plot.width}" height="${plot.height}" role="img" aria-label="histogram of the values sent with both handlers' percentiles">${parts.join('')}</svg>
<p class="legend"><span class="swatch" style="background:${COLORS.single}"></span>single (solid)
<span class="swatch" style="background:${COLORS.aggregated}"></span>aggregated (dashed)</p></figure>`;
}

/** p0..p100 of each handler as read back, one curve each: where the curves coincide, so do all percentiles. */
function percentileChart(result: DemoResult): string {
  const curve = (h: HandlerResult): number[] | undefined =>
    h.quantiles.every((q) => q !== null) ? (h.quantiles as number[]) : undefined;
  const single = curve(result.single);
  const aggregated = curve(result.aggregated);
  if (!single && !aggregated) {
    return '<p class="note">CloudWatch gives no percentiles for these values (none were stored, or some are negative).</p>';
  }
  const plot: Plot = { width: 640, height: 240, left: 56, right: 24, top: 16, bottom: 44 };
  const { w, h } = plotArea(plot);
  const all = [...(single ?? []), ...(aggregated ?? [])];
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const x = (percentile: number): number => plot.left + (percentile / 100) * w;
  const y = (value: number): number => plot.top + h - ((value - lo) / span) * h;
  const parts: string[] = [];
  for (const value of ticks(lo, hi)) {
    parts.push(
      `<line x1="${plot.left}" x2="${plot.width - plot.right}" y1="${y(value).toFixed(1)}" y2="${y(value).toFixed(1)}" stroke="${COLORS.grid}"/>`,
      `<text x="${plot.left - 6}" y="${(y(value) + 4).toFixed(1)}" text-anchor="end" class="axis">${escapeHtml(shortNumber(value))}</text>`,
    );
  }
  for (const percentile of [0, 25, 50, 75, 90, 100]) {
    parts.push(
      `<text x="${x(percentile).toFixed(1)}" y="${plot.height - plot.bottom + 18}" text-anchor="middle" class="axis">p${percentile}</text>`,
    );
  }
  const path = (q: number[]): string =>
    q
      .map(
        (value, percentile) =>
          `${percentile === 0 ? 'M' : 'L'}${x(percentile).toFixed(1)},${y(value).toFixed(1)}`,
      )
      .join('');
  if (single) {
    parts.push(
      `<path d="${path(single)}" fill="none" stroke="${COLORS.single}" stroke-width="6" opacity="0.45"/>`,
    );
  }
  if (aggregated) {
    parts.push(
      `<path d="${path(aggregated)}" fill="none" stroke="${COLORS.aggregated}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
  }
  parts.push(
    `<text x="${plot.left + w / 2}" y="${plot.height - 6}" text-anchor="middle" class="axis">percentile (p0..p100, GetMetricData)</text>`,
  );
  return `<figure><figcaption>Every percentile, read back per handler</figcaption>
<svg viewBox="0 0 ${plot.width} ${plot.height}" width="${plot.width}" height="${plot.height}" role="img" aria-label="percentile curves of both handlers">${parts.join('')}</svg>
<p class="legend"><span class="swatch" style="background:${COLORS.single};opacity:.45"></span>single (wide)
<span class="swatch" style="background:${COLORS.aggregated}"></span>aggregated (dashed): one curve when they agree</p></figure>`;
}

function statisticsTable(result: DemoResult): string {
  const same = new Set<StatisticName>(STATISTIC_NAMES.filter((n) => !result.differences.includes(n)));
  const rows = STATISTIC_NAMES.map((name) => {
    const ok = same.has(name);
    const cells = handlerColumns(result)
      .map((column) => `<td>${escapeHtml(formatNumber(column.result.stats[name]))}</td>`)
      .join('');
    return `<tr><th>${name}</th>${cells}<td>${escapeHtml(formatNumber(result.expected[name]))}</td><td class="${ok ? 'ok' : 'bad'}">${ok ? '✓ same' : '✗ differs'}</td></tr>`;
  }).join('\n');
  const heads = handlerColumns(result)
    .map((column) => `<th>${column.name}</th>`)
    .join('');
  return `<table><thead><tr><th></th>${heads}<th>values sent</th><th></th></tr></thead>
<tbody>${rows}</tbody></table>`;
}

/** With METRICS: every series, the values sent, and a ✓ per handler that read back the same statistics. */
function seriesTable(result: DemoResult): string {
  const mapping = result.mapping;
  if (mapping === undefined) return '';
  const cell = (value: number | null) => `<td>${escapeHtml(formatNumber(value))}</td>`;
  const mark = (differs: readonly string[]) =>
    differs.length === 0
      ? '<td class="ok">✓</td>'
      : `<td class="bad">✗ ${escapeHtml(differs.join(', '))}</td>`;
  const rows = mapping.series
    .map((row) => {
      const dimensions = Object.keys(row.dimensions)
        .sort()
        .map((name) => `${name}=${row.dimensions[name]}`)
        .join(' ');
      return `<tr><th>${escapeHtml(row.metric)}</th><th>${escapeHtml(dimensions || '(none)')}</th>${cell(row.sent.SampleCount)}${cell(row.sent.Sum)}${cell(row.sent.Minimum)}${cell(row.sent.Maximum)}${cell(row.sent.p50)}${cell(row.sent.p90)}${cell(row.sent.p99)}${mark(row.differs.single)}${mark(row.differs.aggregated)}${row.differs.windowed === undefined ? '' : mark(row.differs.windowed)}</tr>`;
    })
    .join('\n');
  const { setAside, folded } = mapping;
  return `<figure><figcaption>Values per metric and dimensions: the values sent, and each handler read back (✓ = the same statistics)</figcaption>
<p class="note">METRICS <code>${escapeHtml(mapping.metrics)}</code></p>
<table><thead><tr><th>metric</th><th>dimensions</th><th>values sent</th><th>Sum</th><th>Minimum</th><th>Maximum</th><th>p50</th><th>p90</th><th>p99</th><th>single</th><th>aggregated</th>${result.windowed === undefined ? '' : '<th>windowed</th>'}</tr></thead>
<tbody>${rows}</tbody></table>
<p class="note">Values set aside (one per value and dimension set): ${escapeHtml(formatNumber(setAside.sent))} sent; counted ${escapeHtml(formatNumber(setAside.single))} by single, ${escapeHtml(formatNumber(setAside.aggregated))} by aggregated${setAside.windowed === undefined ? '' : `, ${escapeHtml(formatNumber(setAside.windowed))} by windowed`}. Folded into an overflow value: ${escapeHtml(formatNumber(folded.single))} single, ${escapeHtml(formatNumber(folded.aggregated))} aggregated${folded.windowed === undefined ? '' : `, ${escapeHtml(formatNumber(folded.windowed))} windowed`}.</p></figure>`;
}

/** With a tumbling window: the windowed column's bound and its price, a later publication. */
function windowedNote(result: DemoResult): string {
  const windowed = result.windowed;
  if (windowed === undefined) return '';
  return `<p class="note">windowed: the aggregated handler in ${windowed.windowSeconds} s tumbling windows made ${escapeHtml(formatNumber(windowed.putMetricDataCalls))} PutMetricData calls for ${escapeHtml(formatNumber(windowed.windows))} shard windows and ${escapeHtml(formatNumber(windowed.earlyFlushes))} early flushes (<span class="${windowed.withinBound ? 'ok' : 'bad'}">${windowed.withinBound ? 'within' : 'over'} one call per shard and window plus early flushes</span>). Its metrics appear when a window closes, not per batch: a record waited ${escapeHtml(formatSeconds(windowed.delayMs.mean))} on average for its checkpoint (aggregated per batch: ${escapeHtml(formatSeconds(result.aggregated.delayMs.mean))}).</p>`;
}

export function renderReport(result: DemoResult): string {
  const { single, aggregated, windowed, settings } = result;
  const bars = (pick: (h: HandlerResult) => number, show: (value: number) => string): Bar[] =>
    handlerColumns(result).map((column) => ({
      label: column.name,
      value: pick(column.result),
      shown: show(pick(column.result)),
      color: COLORS[column.name],
    }));
  const fewer = formatRatio(single.putMetricDataCalls, aggregated.putMetricDataCalls);
  const verdict = result.agree
    ? '<span class="ok">✓ both handlers read back identical statistics</span>'
    : `<span class="bad">✗ the handlers disagree on ${escapeHtml(result.differences.join(', '))}</span>`;
  const calls = barChart(
    'PutMetricData calls',
    bars(
      (h) => h.putMetricDataCalls,
      (value) => formatNumber(value),
    ),
    `${fewer} fewer calls for the same ${formatNumber(result.records)} records (retries included).`,
  );
  const cost = barChart(
    'Cost per million records',
    bars((h) => h.costPerMillionRecordsUsd, formatUsd),
    `At ${formatUsd(settings.pricePer1000RequestsUsd)} per 1,000 PutMetricData requests (CloudWatch standard pricing; --price-per-1000).`,
  );
  const bytes = barChart(
    'Bytes sent to CloudWatch',
    bars((h) => h.requestBytes, formatBytes),
    'Request bodies as sent (gzip where the SDK compressed them).',
  );
  const command = [
    'pnpm demo',
    `--records ${settings.records}`,
    `--batch-size ${settings.batchSize}`,
    `--shards ${settings.shards}`,
    `--seed ${settings.seed}`,
    settings.batchingWindowMs > 0 ? `--batching-window-ms ${settings.batchingWindowMs}` : '',
    settings.windowSeconds === null ? '' : `--window-seconds ${settings.windowSeconds}`,
    settings.badRatio > 0 ? `--bad-ratio ${settings.badRatio}` : '',
    settings.faultRate > 0 ? `--fault-rate ${settings.faultRate} --fault-seed ${settings.faultSeed}` : '',
    settings.preset === null ? '' : `--preset ${settings.preset}`,
    settings.preset !== null && settings.template === PRESETS[settings.preset].template
      ? ''
      : `--template '${settings.template}'`,
    settings.valueField ? `--value-field ${settings.valueField}` : '',
    settings.metrics === null ||
    (settings.preset !== null && settings.metrics === PRESETS[settings.preset].metrics)
      ? ''
      : `--metrics '${settings.metrics}'`,
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
${windowedNote(result)}
<div class="grid">
<div>${calls}${cost}${bytes}</div>
<div>${histogramChart(result)}${percentileChart(result)}
<figure><figcaption>Statistics read back (GetMetricData)</figcaption>${statisticsTable(result)}
<p class="note">Invalid records counted: single ${escapeHtml(formatNumber(single.invalid))}, aggregated ${escapeHtml(formatNumber(aggregated.invalid))}${windowed === undefined ? '' : `, windowed ${escapeHtml(formatNumber(windowed.invalid))}`} (sent: ${escapeHtml(formatNumber(result.invalid))}).</p></figure>
</div>
</div>
${seriesTable(result)}
<p class="note">Reproduce: <code>${escapeHtml(command)}</code></p>
</body>
</html>
`;
}
