/** The bench's targets, checked against a run: met, missed (and by how much), or not measured. */
import { formatBytes, formatFixed } from '@cwagg/cli';
import type { BenchResult } from './run.js';

export interface TargetCheck {
  target: string;
  measured: string;
  /** null: the run did not measure what the target needs. */
  met: boolean | null;
  note: string;
}

/** cwagg's CPU per record on the original workload at batch 10,000: at most this many ns. */
export const MAX_CWAGG_NS_PER_RECORD = 50;
/** ... and at least this many times less than the baseline and than Powertools. */
export const MIN_SPEEDUP_OVER_BASELINE = 6;
export const MIN_SPEEDUP_OVER_POWERTOOLS = 20;
/**
 * JSON records, batch 10,000: cwagg's fast path against the naive way (base64 to a string, JSON.parse, a Map
 * per key), on the example event with 2 metrics under 2 dimension sets, and on `{"value": N}` records.
 */
export const MIN_SPEEDUP_OVER_NAIVE_EVENTS = 3;
export const MIN_SPEEDUP_OVER_NAIVE_VALUE_FIELD = 4;
/** The aggregated bundle may add at most 10% to a minimal SDK handler's size and import time. */
export const MAX_BUNDLE_OVERHEAD = 0.1;
/** One call per invocation is the floor: 100 calls per million records at batch 10,000. */
export const BATCH_SIZE_FOR_CALLS_TARGET = 10_000;

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

function notMeasured(target: string, what: string): TargetCheck {
  return { target, measured: 'not measured', met: null, note: `run the ${what} to check it` };
}

function atMost(target: string, measured: number, limit: number, unit: string, digits = 0): TargetCheck {
  const met = measured <= limit;
  const shown = `${formatFixed(measured, digits)}${unit}`;
  return {
    target,
    measured: shown,
    met,
    note: met
      ? 'met'
      : `missed by ${formatFixed(measured - limit, digits)}${unit} (${percent(measured / limit - 1)} over)`,
  };
}

function atLeast(target: string, measured: number, limit: number): TargetCheck {
  const met = measured >= limit;
  return {
    target,
    measured: `${measured.toFixed(1)}x`,
    met,
    note: met
      ? 'met'
      : `missed: ${measured.toFixed(1)}x of ${limit}x (cwagg would need ${percent(1 - measured / limit)} less CPU)`,
  };
}

export function checkTargets(result: BenchResult): TargetCheck[] {
  const checks: TargetCheck[] = [];

  const callsTarget = `PutMetricData calls per million records at batch 10,000: at most ${1_000_000 / BATCH_SIZE_FOR_CALLS_TARGET}`;
  const calls = result.cost.original10000?.byContender.cwagg?.calls;
  checks.push(
    calls === undefined
      ? notMeasured(callsTarget, 'cost phase for cwagg')
      : atMost(callsTarget, calls, 1_000_000 / BATCH_SIZE_FOR_CALLS_TARGET, ' calls'),
  );

  const cpu = result.measure.original10000;
  const cwagg = cpu?.cwagg?.nsPerRecord.median;
  const cpuTarget = `cwagg CPU per record, original workload, batch 10,000: at most ${MAX_CWAGG_NS_PER_RECORD} ns`;
  checks.push(
    cwagg === undefined
      ? notMeasured(cpuTarget, 'measure phase for cwagg')
      : atMost(cpuTarget, cwagg, MAX_CWAGG_NS_PER_RECORD, ' ns'),
  );
  for (const [peer, factor] of [
    ['baseline', MIN_SPEEDUP_OVER_BASELINE],
    ['powertools', MIN_SPEEDUP_OVER_POWERTOOLS],
  ] as const) {
    const target = `cwagg at least ${factor}x less CPU per record than ${peer}`;
    const theirs = cpu?.[peer]?.nsPerRecord.median;
    checks.push(
      cwagg === undefined || theirs === undefined
        ? notMeasured(target, `measure phase for cwagg and ${peer}`)
        : atLeast(target, theirs / cwagg, factor),
    );
  }

  for (const [workload, factor, what] of [
    ['events10000', MIN_SPEEDUP_OVER_NAIVE_EVENTS, 'JSON events (2 metrics x 2 dimension sets)'],
    ['valueField10000', MIN_SPEEDUP_OVER_NAIVE_VALUE_FIELD, '{"value": N} records with VALUE_FIELD'],
  ] as const) {
    const figures = result.measure[workload];
    const target = `cwagg at least ${factor}x less CPU per record than the naive JSON reading, ${what}, batch 10,000`;
    const ours = figures?.cwagg?.nsPerRecord.median;
    const naive = figures?.baseline?.nsPerRecord.median;
    checks.push(
      ours === undefined || naive === undefined
        ? notMeasured(target, `measure phase for cwagg and baseline on ${workload}`)
        : atLeast(target, naive / ours, factor),
    );
  }

  const aggregated = result.bundles?.aggregated;
  const floor = result.bundles?.sdkOnly;
  const milliseconds = (ms: number) => `${formatFixed(ms, 1)} ms`;
  const bundleFigures: [string, (b: NonNullable<typeof aggregated>) => number, (n: number) => string][] = [
    ['size', (b) => b.bytes, formatBytes],
    ['gzip size', (b) => b.gzipBytes, formatBytes],
    ['cold import time (median)', (b) => b.importMs.median, milliseconds],
  ];
  for (const [what, figure, show] of bundleFigures) {
    const target = `aggregated handler bundle ${what}: at most ${percent(MAX_BUNDLE_OVERHEAD)} over the SDK-only handler`;
    if (aggregated === undefined || floor === undefined) {
      checks.push(notMeasured(target, 'bundles phase'));
      continue;
    }
    const overhead = figure(aggregated) / figure(floor) - 1;
    const met = overhead <= MAX_BUNDLE_OVERHEAD;
    checks.push({
      target,
      measured: `${show(figure(aggregated))} vs ${show(figure(floor))}: ${overhead >= 0 ? '+' : ''}${percent(overhead)}`,
      met,
      note: met ? 'met' : `missed by ${percent(overhead - MAX_BUNDLE_OVERHEAD)} points`,
    });
  }
  return checks;
}
