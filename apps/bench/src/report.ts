/** The run as Markdown tables (stdout, RESULTS.md) and as the one-line `--json` object. */
import { relative } from 'node:path';
import { formatBytes, formatFixed, formatNumber, formatUsd } from '@cwagg/cli';
import { ORIGIN_ORDER, UNMAPPED } from './bundle-origins.js';
import type { BundleFigures, BundleName } from './bundles.js';
import { markdownTable } from './markdown-table.js';
import { otelTables } from './otel/report.js';
import { REPO_ROOT } from './paths.js';
import { windowsTable } from './phases/windows.js';
import type { BenchResult, ContenderFigures } from './run.js';
import type { Summary } from './timing-summary.js';
import {
  type AnyContenderName,
  CONTENDER_NAMES,
  type ContenderName,
  type CostedName,
  WORKLOADS,
  type WorkloadName,
} from './workloads.js';

const CONTENDER_TITLES: Record<AnyContenderName, string> = {
  cwagg: 'cwagg',
  cwaggHandler: 'cwagg handler',
  baseline: 'baseline',
  powertools: 'Powertools',
  embeddedMetrics: 'aws-embedded-metrics',
  single: 'single (1 call/record)',
  readingOnly: 'reading only (floor)',
};

const BUNDLE_TITLES: Record<BundleName, string> = {
  aggregated: 'cwagg aggregated handler',
  single: 'cwagg single handler',
  sdkOnly: 'SDK only (one PutMetricData)',
  powertools: 'Powertools Metrics handler',
  embeddedMetrics: 'aws-embedded-metrics handler',
};

/** Whole numbers in the tables, grouped as in every cwagg CLI. */
const integer = (n: number): string => formatNumber(n, 0);

function range(summary: Summary, digits = 0): string {
  const f = (n: number) => formatFixed(n, digits);
  return `${f(summary.median)} [${f(summary.min)}–${f(summary.max)}]`;
}

function measureTables(result: BenchResult): string[] {
  const workloads = Object.keys(result.measure) as WorkloadName[];
  if (workloads.length === 0) return [];
  const present = CONTENDER_NAMES.filter((name) => workloads.some((w) => result.measure[w]?.[name]));
  const rowsOf = (figure: (name: ContenderName, w: WorkloadName) => string) =>
    workloads.map((w) => [WORKLOADS[w].title, ...present.map((name) => figure(name, w))]);
  const header = ['workload', ...present.map((name) => CONTENDER_TITLES[name])];
  /** One figure of a contender on a workload (`median [min–max]`), or a dash where it was not measured. */
  const figure =
    (pick: (figures: ContenderFigures) => Summary, show: (summary: Summary) => string = range) =>
    (name: ContenderName, w: WorkloadName) => {
      const figures = result.measure[w]?.[name];
      return figures ? show(pick(figures)) : '—';
    };
  const cpu = figure((f) => f.nsPerRecord);
  const everyPass = figure((f) => f.everyPassNsPerRecord);
  const heap = figure((f) => f.heapBytesPerRecord);
  const rss = figure(
    (f) => f.peakRssAddedBytes,
    (s) => `${formatBytes(s.median)} [${formatBytes(s.min)}–${formatBytes(s.max)}]`,
  );
  const { processes, repetitions } = result.settings;
  return [
    `## CPU per record (ns, median [min–max] over ${processes} process(es) x ${repetitions} repetitions)`,
    '',
    "User + system CPU time of the process (garbage collection threads included) in each repetition's fastest",
    'pass, divided by its records, after a warm-up.',
    'cwagg = the aggregated handler without the network (decode, parse, validate, aggregate,',
    'pack); cwagg handler = the whole handler with a client that answers at once (adds the publisher and its log',
    'line). The baseline and the peers decode each record with `Buffer.from(data, "base64").toString()` and',
    '`parseFloat`, as the [original AWS sample](https://github.com/aws-samples/amazon-cloudwatch-percentiles-high-volume-data-monitoring)',
    'did; on JSON records the baseline is the naive reading: the same decoding, `JSON.parse`, and a `Map` per key',
    '(metric and dimension values) counting each value; on KPL',
    "aggregates it reads them with AWS's aws-kinesis-agg (`deaggregateSync`), a record being a user record there.",
    "Reading only = each record's fields read and checked as the handlers check them, and each character of its",
    'base64 data read once, nothing decoded or aggregated: the floor under every handler on the same records.',
    '',
    markdownTable(header, rowsOf(cpu)),
    '',
    '## CPU per record over every pass (ns, median [min–max])',
    '',
    `Each repetition runs in ${result.settings.passes} passes, taking turns with the other repetitions, and counts its fastest`,
    'pass (above): the figure the targets use, steady from run to run. Counting every pass instead adds the',
    "garbage collections that the fastest pass missed and the machine's slow phases: higher, and less steady.",
    '',
    markdownTable(header, rowsOf(everyPass)),
    '',
    '## Memory allocated per record (bytes, JS heap and ArrayBuffers, median [min–max])',
    '',
    'Allocated per record during one invocation, on the JS heap and in ArrayBuffers (typed arrays, Buffers):',
    'how far memory grows when nothing is collected (growth plus what collections during the invocation freed),',
    'sampled after the timed passes without forcing a collection first.',
    '',
    markdownTable(header, rowsOf(heap)),
    '',
    '## Peak RSS added (median [min–max] over processes)',
    '',
    "How far each measuring process's peak resident set size rose above its RSS before the first invocation",
    '(the records already in memory, the young generation written once so that its pages are resident in every',
    "process alike), over the warm-up and the timed passes: what a function's memory must hold.",
    '',
    markdownTable(header, rowsOf(rss)),
    '',
  ];
}

function costTables(result: BenchResult): string[] {
  const workloads = Object.keys(result.cost) as WorkloadName[];
  if (workloads.length === 0) return [];
  const { pricePer1000RequestsUsd, logPricePerGbUsd } = result.settings;
  const lines = [
    '## Cost per million records',
    '',
    `PutMetricData at ${formatUsd(pricePer1000RequestsUsd)} per 1,000 requests; CloudWatch Logs ingestion at ${formatUsd(logPricePerGbUsd)} per GB`,
    '(2^30 bytes; log bytes are the lines as written, before the Lambda runtime adds its prefix). Sent bytes: bodies of',
    '10,240 bytes or more gzipped, as the SDK sends them. Counted over one pass of the generated records (the number is',
    "in each workload's heading), scaled to a million.",
    '',
  ];
  for (const w of workloads) {
    const cost = result.cost[w];
    if (cost === undefined) continue;
    const rows = (
      Object.entries(cost.byContender) as [CostedName, NonNullable<(typeof cost.byContender)[CostedName]>][]
    ).map(([name, c]) => [
      CONTENDER_TITLES[name],
      integer(c.calls),
      `${formatBytes(c.plainBytes)} / ${formatBytes(c.gzipBytes)} / ${formatBytes(c.sentBytes)}`,
      formatBytes(c.logBytes),
      formatUsd(c.apiUsd),
      formatUsd(c.logUsd),
      formatUsd(c.totalUsd),
    ]);
    const sampled = Math.max(...Object.values(cost.byContender).map((c) => c?.recordsSampled ?? 0));
    lines.push(
      `### ${WORKLOADS[w].title} (${integer(sampled)} records counted)`,
      '',
      markdownTable(
        [
          'contender',
          'PutMetricData calls',
          'request bytes plain / gzip / sent',
          'log bytes',
          'API',
          'logs',
          'total',
        ],
        rows,
      ),
      '',
      cost.statisticsAgree
        ? 'Statistics (SampleCount, Sum, Minimum, Maximum per metric) agree across all contenders.'
        : `Statistics DISAGREE:\n${cost.disagreements.map((d) => `- ${d}`).join('\n')}`,
      '',
    );
  }
  return lines;
}

function bundleTable(result: BenchResult): string[] {
  if (result.bundles === undefined) return [];
  const rows = (
    Object.entries(result.bundles) as [BundleName, NonNullable<BenchResult['bundles']>[BundleName]][]
  ).map(([name, b]) =>
    b
      ? [
          BUNDLE_TITLES[name],
          formatBytes(b.bytes),
          formatBytes(b.gzipBytes),
          formatBytes(b.total.bytes),
          formatBytes(b.total.gzipBytes),
          `${b.coldStartFiles} of ${b.total.files}`,
          range(b.importMs, 1),
          range(b.importCpuMs, 1),
        ]
      : [],
  );
  return [
    `## Handler bundles (esbuild, minified ESM, split at dynamic imports; import: median [min–max] over ${result.settings.importSpawns} fresh processes)`,
    '',
    markdownTable(
      [
        'bundle',
        'cold start',
        'cold start gzip',
        'whole package',
        'whole package gzip',
        'files (cold start of all)',
        'import wall ms',
        'import CPU ms',
      ],
      rows,
    ),
    '',
    'Cold start: index.mjs and the chunks it imports statically, what the import below loads and the targets ' +
      'compare. Whole package: every file the handler can load, chunks loaded on demand included (source maps left out). ' +
      'gzip: each file gzipped on its own, added up.',
    '',
    ...originTable(result.bundles),
  ];
}

/** The cold start's bytes by where their code comes from, for each bundle measured. */
function originTable(bundles: NonNullable<BenchResult['bundles']>): string[] {
  const measured = (Object.entries(bundles) as [BundleName, BundleFigures | undefined][]).filter(
    (entry): entry is [BundleName, BundleFigures] => entry[1] !== undefined,
  );
  if (measured.length === 0) return [];
  const found = new Set(measured.flatMap(([, b]) => Object.keys(b.coldStartOrigins)));
  const origins = [
    ...ORIGIN_ORDER.filter((o) => found.has(o)),
    ...[...found].filter((o) => !ORIGIN_ORDER.includes(o)),
  ];
  return [
    '### What each cold start loads, by origin (bytes, through the source maps)',
    '',
    markdownTable(
      ['bundle', ...origins, 'cwagg code, gzip as one piece'],
      measured.map(([name, b]) => [
        BUNDLE_TITLES[name],
        ...origins.map((o) =>
          b.coldStartOrigins[o] === undefined ? '—' : formatBytes(b.coldStartOrigins[o]),
        ),
        b.cwaggCodeGzipBytes === 0 ? '—' : formatBytes(b.cwaggCodeGzipBytes),
      ]),
    ),
    '',
    `Each byte is counted for the file it was written from: a dependency (the AWS SDK: @aws-sdk, @smithy), a cwagg ` +
      `package, or the handler's own file; ${UNMAPPED}: esbuild's helpers, banners and line ends. cwagg code, gzip ` +
      "as one piece: the cwagg packages' bytes of the cold start put together and gzipped at once, what their code " +
      'weighs gzipped without chunk boundaries or other code around it.',
    '',
  ];
}

function pipelineLines(result: BenchResult): string[] {
  const pipeline = result.pipeline;
  if (pipeline === undefined) return [];
  if (!pipeline.available) return ['## One-machine pipeline', '', `Not measured: ${pipeline.reason}.`, ''];
  const consume = pipeline.consumeRecordsPerSecond;
  return [
    '## One-machine pipeline (@cwagg/local demo: Kinesis emulator, producer, both handlers, local CloudWatch)',
    '',
    `Records per second, median [min–max] over ${pipeline.runs.length} run(s) of \`${pipeline.command}\`:`,
    '',
    ...(consume === null
      ? []
      : [
          `- consuming (both functions, from the first poll until every record is checkpointed): ${range(consume)}`,
        ]),
    `- end to end (emulator start, producing, consuming, reading back): ${range(pipeline.endToEndRecordsPerSecond)}`,
    '',
  ];
}

function targetTable(result: BenchResult): string[] {
  if (result.targets.length === 0) return [];
  const mark = (met: boolean | null) => (met === null ? 'not measured' : met ? 'met' : 'MISSED');
  return [
    '## Targets',
    '',
    markdownTable(
      ['target', 'measured', 'result', 'note'],
      result.targets.map((t) => [t.target, t.measured, mark(t.met), t.note]),
    ),
    '',
  ];
}

function profileTables(result: BenchResult): string[] {
  return (result.profiles ?? []).flatMap((profile) => [
    `## CPU profile: cwagg, ${WORKLOADS[profile.workload].title} (self time, timed passes only)`,
    '',
    `Saved as \`${relative(REPO_ROOT, profile.file)}\` (open it in Chrome DevTools, Performance panel).`,
    '',
    markdownTable(
      ['function', 'location', 'self ms', 'self %'],
      profile.hot.map((h) => [
        `\`${h.functionName}\``,
        h.location,
        h.selfMs.toFixed(1),
        h.selfPercent.toFixed(1),
      ]),
    ),
    '',
  ]);
}

export function renderMarkdown(result: BenchResult): string {
  const m = result.machine;
  return [
    '# cwagg benchmark',
    '',
    `- Date: ${result.date}`,
    `- Command: \`${result.command}\``,
    `- Machine: ${m.cpus} CPU(s) (${m.cpuModel}), ${m.memoryGb} GiB, ${m.os}, Node ${m.node}`,
    ...(result.revision === undefined
      ? []
      : [
          `- Code: commit ${result.revision.commit}${
            result.revision.uncommitted.length === 0
              ? ''
              : ` plus uncommitted changes in ${result.revision.uncommitted.join(', ')}`
          }`,
        ]),
    `- Load average (1 min): ${m.loadAverage.start.toFixed(2)} at the start, ${m.loadAverage.end.toFixed(2)} at the end`,
    `- Took ${(result.elapsedMs / 1000).toFixed(0)} s`,
    '',
    ...targetTable(result),
    ...measureTables(result),
    ...costTables(result),
    ...bundleTable(result),
    ...pipelineLines(result),
    ...profileTables(result),
    ...otelTables(result.otel),
    ...windowsTable(result.windows),
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n'); // sections may each add a blank line; Markdown (and Biome) keep one
}

/** The `--json` object: the headline fields first (medians; null when not measured), then the whole run. */
export function jsonSummary(result: BenchResult) {
  const ns = (name: ContenderName) => result.measure.original10000?.[name]?.nsPerRecord.median ?? null;
  const calls = (w: WorkloadName, name: CostedName) => result.cost[w]?.byContender[name]?.calls ?? null;
  const bundle = (name: BundleName) => {
    const b = result.bundles?.[name];
    return b
      ? {
          bytes: b.bytes,
          gzipBytes: b.gzipBytes,
          totalBytes: b.total.bytes,
          totalGzipBytes: b.total.gzipBytes,
          importMs: b.importMs.median,
        }
      : null;
  };
  return {
    nsPerRecord: {
      cwagg: ns('cwagg'),
      baseline: ns('baseline'),
      powertools: ns('powertools'),
      embeddedMetrics: ns('embeddedMetrics'),
    },
    callsPerMillionRecords: {
      batch150: { cwagg: calls('original150', 'cwagg'), single: calls('original150', 'single') },
      batch10000: { cwagg: calls('original10000', 'cwagg'), single: calls('original10000', 'single') },
    },
    bundle: {
      aggregated: bundle('aggregated'),
      sdkOnly: bundle('sdkOnly'),
      powertools: bundle('powertools'),
    },
    /** Through the one-machine pipeline while both functions consume (end to end when the demo has no phases). */
    recordsPerSecond: result.pipeline?.available
      ? (result.pipeline.consumeRecordsPerSecond ?? result.pipeline.endToEndRecordsPerSecond).median
      : null,
    targetsMet: result.targets.every((t) => t.met !== false),
    ...result,
  };
}
