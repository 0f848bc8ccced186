/** Command-line flags of `pnpm bench`, in the shared convention of @cwagg/cli: checked up front, --help generated. */
import { describeExitCodes, type FlagTable, formatHelp, formatNumber, parseFlags } from '@cwagg/cli';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { distPath } from './paths.js';
import {
  CONTENDER_NAMES,
  type ContenderName,
  POOL_RECORDS,
  WORKLOAD_NAMES,
  type WorkloadName,
} from './workloads.js';

export const PHASE_NAMES = ['measure', 'cost', 'bundles', 'pipeline', 'profile', 'otel', 'windows'] as const;
export type PhaseName = (typeof PHASE_NAMES)[number];

export const CLI_NAME = 'cwagg-bench';

/** Records counted by a quick run's cost phase. */
const QUICK_COST_RECORDS = 10_000;
/** Defaults of a full run and of a quick one (--quick). */
const PROCESSES = { full: 3, quick: 1 };
const REPETITIONS = { full: 3, quick: 5 };
/**
 * Timed passes per repetition, in a full run and a quick one alike (the repetitions take turns, each counts its
 * fastest pass). One --quick process's repetitions at batch 150 differed by 9 to 29% of their median with 5
 * passes, by 3 to 8% with 20 (five and four processes).
 */
const PASSES = 20;
/**
 * Fresh processes per bundle for the cold import. One import's CPU time on the 2-core development VM ranged
 * from 57 to 114 ms for one bundle in one run: with 31, the ratio of the two medians still moved from +7% to
 * +13% between full runs of nearly the same code, so the target takes the median of each round's ratio, over 61.
 */
const IMPORT_SPAWNS = { full: 61, quick: 5 };
const PIPELINE_RUNS = { full: 3, quick: 1 };
const PIPELINE_RECORDS = { full: 10_000, quick: 1_000 };
// CPU time: the batch-150 figures need half a second of it before the optimised code settles.
const WARMUP_MS = { full: 1000, quick: 500 };
const DEFAULT_SEED = 1;
const DEFAULT_PROFILE_WORKLOAD: WorkloadName = 'original10000';

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
  /**
   * Of those, time on each workload only the ones a target needs (targets.ts: timedForTargets): a quick run
   * without --only.
   */
  targetedOnly: boolean;
  /** Contenders counted in the cost phase (the single handler comes with the baseline). */
  costContenders: ContenderName[];
  workloads: WorkloadName[];
  phases: PhaseName[];
  /** Child processes per contender and workload; repetitions in each; timed passes per repetition. */
  processes: number;
  repetitions: number;
  passes: number;
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
  /** The workloads the profile phase runs cwagg on, one profile each. */
  profileWorkloads: WorkloadName[];
  /** Write the report as Markdown to this file too. */
  markdown?: string;
}

/** "3, quick 1": a default that --quick changes, as --help states it. */
const fullOrQuick = (figures: { full: number; quick: number }) =>
  `${formatNumber(figures.full)}, quick ${formatNumber(figures.quick)}`;

export const FLAGS = {
  quick: {
    type: 'boolean',
    description:
      "fewer records, repetitions and spawns; the cwagg handler's timing left out (cwagg's is kept), and each " +
      'other contender timed only where a target compares cwagg with it: finishes in under two minutes',
  },
  json: {
    type: 'boolean',
    description: 'stdout holds only one JSON object (one line); the Markdown report goes to stderr',
  },
  only: {
    type: 'list',
    choices: CONTENDER_NAMES,
    description: 'contenders to measure; only the measure phase runs unless --phases says otherwise',
  },
  workloads: { type: 'list', choices: WORKLOAD_NAMES, defaultHelp: 'all', description: 'workloads' },
  phases: {
    type: 'list',
    choices: PHASE_NAMES,
    defaultHelp: 'measure, cost, bundles, pipeline; otel and windows on request',
    description: 'phases',
  },
  processes: {
    type: 'integer',
    min: 1,
    defaultHelp: fullOrQuick(PROCESSES),
    description: 'fresh processes per contender and workload',
  },
  repetitions: {
    type: 'integer',
    min: 1,
    defaultHelp: fullOrQuick(REPETITIONS),
    description: 'timed repetitions in each process',
  },
  passes: {
    type: 'integer',
    min: 1,
    default: PASSES,
    description: 'timed passes per repetition, each over a share of its records; the repetitions take turns',
  },
  records: {
    type: 'integer',
    min: 1,
    defaultHelp: "each workload's own: 1,000,000; quick 50,000 (299,700 at batch 150)",
    description: 'records per timed repetition',
  },
  'import-spawns': {
    type: 'integer',
    min: 1,
    defaultHelp: fullOrQuick(IMPORT_SPAWNS),
    description: 'fresh processes per bundle for the import time',
  },
  'pipeline-runs': {
    type: 'integer',
    min: 1,
    defaultHelp: fullOrQuick(PIPELINE_RUNS),
    description: 'runs of the one-machine pipeline',
  },
  'pipeline-records': {
    type: 'integer',
    min: 1,
    defaultHelp: fullOrQuick(PIPELINE_RECORDS),
    description: 'records per pipeline run',
  },
  seed: { type: 'integer', min: 1, default: DEFAULT_SEED, description: 'seed of the generated records' },
  'price-per-1000': {
    type: 'number',
    value: 'USD',
    min: 0,
    default: DEFAULT_PRICE_PER_1000_REQUESTS_USD,
    description: 'PutMetricData price per 1,000 requests',
  },
  'log-price-per-gb': {
    type: 'number',
    value: 'USD',
    min: 0,
    default: DEFAULT_LOG_PRICE_PER_GB_USD,
    description: 'CloudWatch Logs ingestion price per GB of 2^30 bytes, standard class',
  },
  profile: {
    type: 'boolean',
    description:
      'add the profile phase: CPU profiles of cwagg (original workload at batch 10,000 by default), ' +
      'summarised by self time and saved as a .cpuprofile',
  },
  'profile-workload': {
    type: 'list',
    choices: WORKLOAD_NAMES,
    default: [DEFAULT_PROFILE_WORKLOAD],
    description: 'the workloads profiled, one profile each',
  },
  'profile-dir': {
    type: 'string',
    value: 'DIR',
    defaultHelp: 'apps/bench/dist/profiles',
    description: 'where the .cpuprofile goes',
  },
  markdown: { type: 'string', value: 'FILE', description: 'also write the report as Markdown to FILE' },
} as const satisfies FlagTable;

export const HELP = formatHelp({
  usage: 'Usage: pnpm bench -- [flags]',
  intro: `Measures cwagg against the original sample's approach (baseline), Powertools for AWS Lambda Metrics and
aws-embedded-metrics, side by side on this machine: CPU per record, heap growth, PutMetricData calls and
bytes, log bytes, price per million records, handler bundle size and cold import time, and records per
second through the one-machine pipeline (@cwagg/local). Progress goes to stderr, the tables to stdout.`,
  flags: FLAGS,
  notes: describeExitCodes({ ok: 'done', failed: 'a phase failed' }),
  sections: {
    Examples: `  pnpm bench -- --quick --json | jq .nsPerRecord
  pnpm bench -- --only cwagg --quick                        cwagg's ns/record alone, for quick iteration
  pnpm bench -- --only cwagg,baseline --workloads original10000
  pnpm bench -- --phases bundles
  pnpm bench -- --profile --phases profile
  pnpm bench -- --phases profile --profile-workload original10000,events10000`,
  },
});

/** Parses the arguments; `{ help: true }` when --help was asked for. Throws UsageError on a bad flag. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions | { help: true } {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) return { help: true };
  const { values } = parsed;
  const quick = values.quick;
  const size = quick ? 'quick' : 'full';
  const only = values.only;
  // A quick run times the handler path, not the whole handler (the publisher adds little and its cost
  // is still counted): ask for it with --only cwaggHandler.
  const contenders = only ?? CONTENDER_NAMES.filter((name) => !(quick && name === 'cwaggHandler'));
  let phases: PhaseName[];
  if (values.phases !== undefined) phases = values.phases;
  else if (only !== undefined) phases = ['measure'];
  else phases = ['measure', 'cost', 'bundles', 'pipeline'];
  if (values.profile && !phases.includes('profile')) phases.push('profile');
  const options: BenchOptions = {
    quick,
    json: values.json,
    contenders,
    // The peers' and baselines' figures that no target reads took a third of a quick run (44 of 123 s, by its
    // progress lines, on a slow day).
    targetedOnly: quick && only === undefined,
    costContenders: only ?? [...CONTENDER_NAMES],
    workloads: values.workloads ?? [...WORKLOAD_NAMES],
    phases,
    processes: values.processes ?? PROCESSES[size],
    repetitions: values.repetitions ?? REPETITIONS[size],
    passes: values.passes,
    warmupMs: WARMUP_MS[size],
    // Counting is deterministic per batch: a quick run counts one batch of 10,000 (66 of 150).
    costRecords: quick ? QUICK_COST_RECORDS : POOL_RECORDS,
    poolRecords: POOL_RECORDS,
    importSpawns: values.importSpawns ?? IMPORT_SPAWNS[size],
    pipelineRuns: values.pipelineRuns ?? PIPELINE_RUNS[size],
    pipelineRecords: values.pipelineRecords ?? PIPELINE_RECORDS[size],
    seed: values.seed,
    pricePer1000RequestsUsd: values.pricePer1000,
    logPricePerGbUsd: values.logPricePerGb,
    profileDir: values.profileDir ?? distPath('profiles'),
    profileWorkloads: values.profileWorkload,
  };
  if (values.records !== undefined) options.records = values.records;
  if (values.markdown !== undefined) options.markdown = values.markdown;
  return options;
}
