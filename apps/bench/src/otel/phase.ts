/**
 * The `otel` phase: CwaggMetricExporter, an embedded-metric-format writer (both behind the OpenTelemetry
 * SDK) and Powertools, each in fresh child processes, interleaved: CPU per value, cost per million values
 * and what each keeps of the distribution.
 */
import { runInChild } from '../child.js';
import type { Task } from '../measure.js';
import { type BenchOptions, BYTES_PER_GB } from '../options.js';
import { distPath } from '../paths.js';
import type { RequestBytes } from '../request-bytes.js';
import { type Summary, summarize } from '../timing-summary.js';
import { OTEL_CONTENDERS, type OtelContenderName } from './contenders.js';
import type { DistributionKept } from './distribution.js';
import type { OtelMeasureResult, OtelTask } from './measure.js';

/** Values per pass: a million, as the figures are per million; a quick run records fewer. */
const VALUES = { full: 1_000_000, quick: 200_000 };
/** A service exporting every minute at about 1,700 requests per second. */
export const VALUES_PER_EXPORT = 100_000;
const PER_MILLION = 1_000_000;

export interface OtelContenderFigures {
  nsPerValue: Summary;
  /** Per million values, scaled from one counted pass. */
  calls: number;
  sentBytes: number;
  logBytes: number;
  apiUsd: number;
  logUsd: number;
  totalUsd: number;
  kept: DistributionKept;
}

export interface OtelComparison {
  values: number;
  valuesPerExport: number;
  processes: number;
  repetitions: number;
  byContender: Partial<Record<OtelContenderName, OtelContenderFigures>>;
}

export type Prices = Pick<BenchOptions, 'pricePer1000RequestsUsd' | 'logPricePerGbUsd'>;

export function otelFigures(runs: readonly OtelMeasureResult[], prices: Prices): OtelContenderFigures {
  const last = runs[runs.length - 1] as OtelMeasureResult;
  const scale = PER_MILLION / last.values;
  const requests: RequestBytes = last.requests;
  const calls = requests.requests * scale;
  const logBytes = last.logBytes * scale;
  const apiUsd = (calls / 1000) * prices.pricePer1000RequestsUsd;
  const logUsd = (logBytes / BYTES_PER_GB) * prices.logPricePerGbUsd;
  return {
    nsPerValue: summarize(runs.flatMap((run) => run.nsPerValue)),
    calls,
    sentBytes: requests.sentBytes * scale,
    logBytes,
    apiUsd,
    logUsd,
    totalUsd: apiUsd + logUsd,
    kept: last.kept,
  };
}

export async function otelPhase(
  options: BenchOptions,
  progress: (message: string) => void,
): Promise<OtelComparison> {
  const values = options.records ?? (options.quick ? VALUES.quick : VALUES.full);
  const runs = new Map<OtelContenderName, OtelMeasureResult[]>();
  for (let round = 0; round < options.processes; round++) {
    for (const contender of OTEL_CONTENDERS) {
      progress(`otel: ${contender} (process ${round + 1}/${options.processes})`);
      const task: OtelTask = {
        mode: 'otel',
        contender,
        values,
        valuesPerExport: VALUES_PER_EXPORT,
        repetitions: options.repetitions,
        seed: options.seed,
      };
      const result = (await runInChild(task as unknown as Task, {
        worker: distPath('otel/worker.js'),
      })) as unknown as OtelMeasureResult;
      runs.set(contender, [...(runs.get(contender) ?? []), result]);
    }
  }
  const byContender: OtelComparison['byContender'] = {};
  for (const [contender, results] of runs) byContender[contender] = otelFigures(results, options);
  return {
    values,
    valuesPerExport: VALUES_PER_EXPORT,
    processes: options.processes,
    repetitions: options.repetitions,
    byContender,
  };
}
