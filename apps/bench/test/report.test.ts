import { describe, expect, it } from 'vitest';
import { jsonSummary, renderMarkdown } from '../src/report.js';
import type { BenchResult } from '../src/run.js';
import { checkTargets } from '../src/targets.js';
import { summarize } from '../src/timing-summary.js';

const figures = (ns: number) => ({
  recordsPerRepetition: 10_000,
  nsPerRecord: summarize([ns, ns * 1.1, ns * 0.9]),
  wallNsPerRecord: summarize([ns]),
  heapBytesPerRecord: summarize([100]),
  retainedBytes: 0,
});
const bundle = (bytes: number, importMs: number) => ({
  file: `/tmp/${bytes}.mjs`,
  bytes,
  gzipBytes: Math.round(bytes / 3),
  importMs: summarize([importMs]),
  importCpuMs: summarize([importMs / 2]),
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

function result(): BenchResult {
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
      importSpawns: 1,
      pricePer1000RequestsUsd: 0.01,
      logPricePerGbUsd: 0.5,
    },
    measure: {
      original10000: {
        cwagg: figures(40),
        baseline: figures(300),
        powertools: figures(700),
        embeddedMetrics: figures(600),
      },
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
      aggregated: bundle(505_000, 120),
      sdkOnly: bundle(478_000, 110),
      powertools: bundle(16_000, 20),
    },
    targets: [],
    elapsedMs: 1,
  };
  partial.targets = checkTargets(partial);
  return partial;
}

describe('the report', () => {
  it('the JSON object holds issue 8’s fields as medians', () => {
    const summary = jsonSummary(result());
    expect(summary.nsPerRecord).toEqual({ cwagg: 40, baseline: 300, powertools: 700, embeddedMetrics: 600 });
    expect(summary.callsPerMillionRecords).toEqual({
      batch150: { cwagg: 6_667, single: 1_000_000 },
      batch10000: { cwagg: 100, single: 1_000_000 },
    });
    expect(summary.bundle.aggregated).toEqual({ bytes: 505_000, gzipBytes: 168_333, importMs: 120 });
    expect(summary.bundle.sdkOnly?.bytes).toBe(478_000);
    expect(summary.bundle.powertools?.importMs).toBe(20);
    expect(summary.recordsPerSecond).toBeNull();
    expect(JSON.parse(JSON.stringify(summary)).nsPerRecord.cwagg).toBe(40);
  });

  it('checks the targets: met ones, missed ones by how much', () => {
    const targets = result().targets;
    const byName = (text: string) => targets.find((t) => t.target.includes(text));
    expect(byName('calls per million')?.met).toBe(true);
    expect(byName('at most 50 ns')?.met).toBe(true);
    expect(byName('6x less CPU')?.met).toBe(true);
    const powertools = byName('20x less CPU');
    expect(powertools?.met).toBe(false);
    expect(powertools?.measured).toBe('17.5x');
    expect(byName('bundle size')?.met).toBe(true);
    expect(byName('cold import')?.met).toBe(true);
    const slower = result();
    slower.bundles = { ...slower.bundles, aggregated: bundle(505_000, 140) };
    const importCheck = checkTargets(slower).find((t) => t.target.includes('cold import'));
    expect(importCheck?.met).toBe(false);
    expect(importCheck?.note).toContain('missed by 17.3% points');
  });

  it('renders Markdown tables with medians and ranges, and says what was not measured', () => {
    const markdown = renderMarkdown(result());
    expect(markdown).toMatch(
      /\| original sample, integers 0\.\.1000 as text, batch 10,000 +\| 40 \[36–44\] +\|/,
    );
    expect(markdown).toMatch(/\| cwagg +\| 100 +\|/);
    // Columns are padded as the repository's formatter writes them: every line of a table is as long.
    const cpuTable = markdown.split('## CPU per record')[1]?.split('\n\n')[2]?.split('\n') ?? [];
    expect(cpuTable.length).toBeGreaterThan(2);
    expect(new Set(cpuTable.map((line) => line.length)).size).toBe(1);
    expect(markdown).toContain('MISSED');
    expect(markdown).not.toContain('## One-machine pipeline');
  });
});
