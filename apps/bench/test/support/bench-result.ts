/** A bench run's result built by hand, for the report and the target checks. */
import type { BenchResult } from '../../src/run.js';
import { checkTargets } from '../../src/targets.js';
import { summarize } from '../../src/timing-summary.js';

const figures = (ns: number, rss = 20_000_000) => ({
  recordsPerRepetition: 10_000,
  nsPerRecord: summarize([ns, ns * 1.1, ns * 0.9]),
  processSpread: 0.2,
  processNsPerRecord: [ns],
  wallNsPerRecord: summarize([ns]),
  everyPassNsPerRecord: summarize([ns * 1.5]),
  heapBytesPerRecord: summarize([100]),
  arrayBufferBytesPerRecord: summarize([10]),
  peakRssAddedBytes: summarize([rss * 0.9, rss]),
  retainedBytes: 0,
});
export const bundle = (bytes: number, importMs: number, totalBytes = bytes) => ({
  file: `/tmp/${bytes}/index.mjs`,
  bytes,
  gzipBytes: Math.round(bytes / 3),
  coldStartFiles: totalBytes === bytes ? 1 : 3,
  // Any bundle over 100 kB carries the SDK: 430,000 bytes of it, the rest cwagg's.
  coldStartOrigins: (bytes > 100_000
    ? { 'AWS SDK': 430_000, '@cwagg/core': bytes - 430_000, unmapped: 0 }
    : { handler: bytes - 100, unmapped: 100 }) as Record<string, number>,
  // cwagg's code (the part above the SDK's 430,000 bytes) gzips to a third, like the rest.
  cwaggCodeGzipBytes: bytes > 100_000 ? Math.round((bytes - 430_000) / 3) : 0,
  total: { bytes: totalBytes, gzipBytes: Math.round(totalBytes / 3), files: totalBytes === bytes ? 1 : 5 },
  importMs: summarize([importMs]),
  importCpuMs: summarize([importMs / 2]),
  importCpuMsByRound: [importMs / 2],
});
const cost = (calls: number) => ({
  recordsSampled: 20_000,
  calls,
  plainBytes: 1,
  gzipBytes: 1,
  sentBytes: 1,
  logBytes: 0,
  logLines: 0,
  apiUsd: calls / 100_000,
  logUsd: 0,
  totalUsd: calls / 100_000,
  statistics: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 },
});

/** A finished run, fixed by hand: every phase but the pipeline measured, the targets checked. */
export function benchResult(): BenchResult {
  const partial: BenchResult = {
    date: '2025-01-01T00:00:00.000Z',
    command: 'pnpm bench',
    machine: {
      cpus: 2,
      cpuModel: 'test',
      node: 'v20',
      os: 'linux',
      memoryGb: 1,
      loadAverage: { start: 0, end: 0 },
    },
    settings: {
      quick: true,
      processes: 1,
      repetitions: 3,
      passes: 1,
      importSpawns: 1,
      pricePer1000RequestsUsd: 0.01,
      logPricePerGbUsd: 0.5,
    },
    measure: {
      original10000: {
        cwagg: figures(40),
        baseline: figures(360),
        powertools: figures(700),
        embeddedMetrics: figures(600),
      },
      original150: { cwagg: figures(120), baseline: figures(400) },
      events10000: { cwagg: figures(1_000), baseline: figures(3_500) },
      valueField10000: { cwagg: figures(150), baseline: figures(550) },
      kplAggregates: { cwagg: figures(60, 12_000_000), baseline: figures(900, 60_000_000) },
    },
    cost: {
      original10000: {
        byContender: { cwagg: cost(100), single: cost(1_000_000) },
        statisticsAgree: true,
        disagreements: [],
      },
      original150: {
        byContender: { cwagg: cost(6_667), single: cost(1_000_000) },
        statisticsAgree: true,
        disagreements: [],
      },
    },
    bundles: {
      aggregated: bundle(505_000, 120, 560_000),
      sdkOnly: bundle(478_000, 110),
      powertools: bundle(16_000, 20),
    },
    targets: [],
    elapsedMs: 1,
  };
  partial.targets = checkTargets(partial);
  return partial;
}
