/** Command-line options of `pnpm bench`, checked up front with messages a person understands. */

import { parseArgs } from 'node:util';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { distPath } from './paths.js';
import {
  CONTENDER_NAMES,
  type ContenderName,
  POOL_RECORDS,
  QUICK_POOL_RECORDS,
  WORKLOAD_NAMES,
  type WorkloadName,
} from './workloads.js';

export const PHASE_NAMES = ['measure', 'cost', 'bundles', 'pipeline', 'profile'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

/** Records counted by a quick run's cost phase. */
const QUICK_COST_RECORDS = 10_000;

/**
 * CloudWatch Logs ingestion, standard class, us-east-1: $0.50 per GB (Lambda logs are billed as vended
 * logs, whose first tier is the same price). A parameter: pass your own with --log-price-per-gb.
 */
export const DEFAULT_LOG_PRICE_PER_GB_USD = 0.5;
/** Bytes in the GB of AWS billing. */
export const BYTES_PER_GB = 2 ** 30;

export interface BenchOptions {
  quick: boolean;
  json: boolean;
  /** Contenders timed in the measure phase. */
  contenders: ContenderName[];
  /** Contenders counted in the cost phase (the single handler comes with the baseline). */
  costContenders: ContenderName[];
  workloads: WorkloadName[];
  phases: PhaseName[];
  /** Child processes per contender and workload; repetitions in each. */
  processes: number;
  repetitions: number;
  /** Records per timed repetition; undefined: each workload's own (full or quick). */
  records?: number;
  warmupMs: number;
  /** Records counted in the cost phase (figures are scaled to a million). */
  costRecords: number;
  /** Distinct records generated per measuring process. */
  poolRecords: number;
  importSpawns: number;
  pipelineRuns: number;
  pipelineRecords: number;
  seed: number;
  pricePer1000RequestsUsd: number;
  logPricePerGbUsd: number;
  /** Where the CPU profile (.cpuprofile) is written. */
  profileDir: string;
  /** The workload the profile phase runs cwagg on. */
  profileWorkload: WorkloadName;
  /** Write the report as Markdown to this file too. */
  markdown?: string;
}

export const HELP = `Usage: pnpm bench -- [options]

Measures cwagg against the original sample's approach (baseline), Powertools for AWS Lambda Metrics and
aws-embedded-metrics, side by side on this machine: CPU per record, heap growth, PutMetricData calls and
bytes, log bytes, price per million records, handler bundle size and cold import time, and records per
second through the one-machine pipeline (@cwagg/local). Progress goes to stderr, the tables to stdout.

Options
  --quick                    fewer records, repetitions and spawns, and the cwagg handler's timing
                             left out (cwagg's is kept): finishes in under a minute
  --json                     print one JSON object as the last line of stdout
  --only LIST                contenders to measure, comma-separated: ${CONTENDER_NAMES.join(', ')}
                             (only the measure phase runs unless --phases says otherwise)
  --workloads LIST           workloads, comma-separated: ${WORKLOAD_NAMES.join(', ')}
  --phases LIST              phases, comma-separated: measure, cost, bundles, pipeline, profile
                             (default: all but profile)
  --processes N              fresh processes per contender and workload (default 3, quick 1)
  --repetitions N            timed repetitions in each process (default 3, quick 5)
  --records N                records per timed repetition (default: 1,000,000; quick 50,000)
  --import-spawns N          fresh processes per bundle for the import time (default 15, quick 5)
  --pipeline-runs N          runs of the one-machine pipeline (default 3, quick 1)
  --pipeline-records N       records per pipeline run (default 10,000, quick 1,000)
  --seed N                   seed of the generated records (default 1)
  --price-per-1000 USD       PutMetricData price per 1,000 requests (default ${DEFAULT_PRICE_PER_1000_REQUESTS_USD})
  --log-price-per-gb USD     CloudWatch Logs ingestion price per GB (default ${DEFAULT_LOG_PRICE_PER_GB_USD}, standard class)
  --profile                  add the profile phase: a CPU profile of cwagg (original workload at batch
                             10,000 by default), summarised by self time and saved as a .cpuprofile
  --profile-workload NAME    the workload profiled (default original10000)
  --profile-dir DIR          where the .cpuprofile goes (default apps/bench/dist/profiles)
  --markdown FILE            also write the report as Markdown to FILE
  -h, --help                 this help

Examples
  pnpm bench -- --quick --json
  pnpm bench -- --only cwagg --quick                        cwagg's ns/record alone, for quick iteration
  pnpm bench -- --only cwagg,baseline --workloads original10000
  pnpm bench -- --phases bundles
  pnpm bench -- --profile --phases profile
`;

export class UsageError extends Error {
  override name = 'UsageError';
}

function list<T extends string>(flag: string, raw: string, allowed: readonly T[]): T[] {
  const items = raw
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item !== '');
  const unknown = items.filter((item) => !allowed.includes(item as T));
  if (unknown.length > 0 || items.length === 0) {
    throw new UsageError(`${flag}: expected a comma-separated list of ${allowed.join(', ')} (got "${raw}")`);
  }
  return [...new Set(items as T[])];
}

function positiveInteger(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new UsageError(`${flag} must be a positive integer (got "${raw}")`);
  return value;
}

function price(flag: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new UsageError(`${flag} must be a price in USD, 0 or more (got "${raw}")`);
  return value;
}

/** Parses the arguments; `{ help: true }` when --help was asked for. Throws UsageError on a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | { help: true } {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return { help: true };
  const quick = values.quick ?? false;
  const only = values.only === undefined ? undefined : list('--only', values.only, CONTENDER_NAMES);
  // A quick run times the handler path, not the whole handler (the publisher adds little and its cost
  // is still counted): ask for it with --only cwaggHandler.
  const contenders = only ?? CONTENDER_NAMES.filter((name) => !(quick && name === 'cwaggHandler'));
  let phases: PhaseName[];
  if (values.phases !== undefined) phases = list('--phases', values.phases, PHASE_NAMES);
  else if (values.only !== undefined) phases = ['measure'];
  else phases = ['measure', 'cost', 'bundles', 'pipeline'];
  if (values.profile && !phases.includes('profile')) phases.push('profile');
  const options: BenchOptions = {
    quick,
    json: values.json ?? false,
    contenders,
    costContenders: only ?? [...CONTENDER_NAMES],
    workloads:
      values.workloads === undefined
        ? [...WORKLOAD_NAMES]
        : list('--workloads', values.workloads, WORKLOAD_NAMES),
    phases,
    processes: positiveInteger('--processes', values.processes, quick ? 1 : 3),
    repetitions: positiveInteger('--repetitions', values.repetitions, quick ? 5 : 3),
    warmupMs: quick ? 200 : 1000,
    // Counting is deterministic per batch: a quick run counts one batch of 10,000 (66 of 150).
    costRecords: quick ? QUICK_COST_RECORDS : POOL_RECORDS,
    poolRecords: quick ? QUICK_POOL_RECORDS : POOL_RECORDS,
    importSpawns: positiveInteger('--import-spawns', values['import-spawns'], quick ? 5 : 15),
    pipelineRuns: positiveInteger('--pipeline-runs', values['pipeline-runs'], quick ? 1 : 3),
    pipelineRecords: positiveInteger(
      '--pipeline-records',
      values['pipeline-records'],
      quick ? 1_000 : 10_000,
    ),
    seed: positiveInteger('--seed', values.seed, 1),
    pricePer1000RequestsUsd: price(
      '--price-per-1000',
      values['price-per-1000'],
      DEFAULT_PRICE_PER_1000_REQUESTS_USD,
    ),
    logPricePerGbUsd: price('--log-price-per-gb', values['log-price-per-gb'], DEFAULT_LOG_PRICE_PER_GB_USD),
    profileDir: values['profile-dir'] ?? distPath('profiles'),
    profileWorkload:
      values['profile-workload'] === undefined
        ? 'original10000'
        : (list('--profile-workload', values['profile-workload'], WORKLOAD_NAMES)[0] as WorkloadName),
  };
  if (values.records !== undefined) options.records = positiveInteger('--records', values.records, 1);
  if (values.markdown !== undefined) options.markdown = values.markdown;
  return options;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: argv[0] === '--' ? argv.slice(1) : [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      quick: { type: 'boolean' },
      json: { type: 'boolean' },
      only: { type: 'string' },
      workloads: { type: 'string' },
      phases: { type: 'string' },
      processes: { type: 'string' },
      repetitions: { type: 'string' },
      records: { type: 'string' },
      'import-spawns': { type: 'string' },
      'pipeline-runs': { type: 'string' },
      'pipeline-records': { type: 'string' },
      seed: { type: 'string' },
      'price-per-1000': { type: 'string' },
      'log-price-per-gb': { type: 'string' },
      profile: { type: 'boolean' },
      'profile-dir': { type: 'string' },
      'profile-workload': { type: 'string' },
      markdown: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
