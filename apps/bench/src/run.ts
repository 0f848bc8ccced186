/**
 * The whole benchmark: each phase in turn, every timed figure measured in fresh child processes, the
 * contenders interleaved so that changing load on the machine falls on all of them alike.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { disagreements } from './agreement.js';
import {
  BUNDLE_NAMES,
  type BundleFigures,
  type BundleName,
  measureBundles,
  prepareBundles,
} from './bundles.js';
import { runInChild } from './child.js';
import { type CostFigures, costFigures } from './cost-figures.js';
import type { CostEntry, CostResult, MeasureResult } from './measure.js';
import { type BenchOptions, BYTES_PER_GB } from './options.js';
import { type OtelComparison, otelPhase } from './otel/phase.js';
import { distPath, REPO_ROOT } from './paths.js';
import { type WindowsFigures, windowsPhase } from './phases/windows.js';
import { measurePipeline, type PipelineFigures } from './pipeline.js';
import { type HotFunction, hotFunctions } from './profile.js';
import { checkTargets, type TargetCheck, timedForTargets } from './targets.js';
import { type Summary, summarize } from './timing-summary.js';
import {
  type ContenderName,
  type CostedName,
  previousMinute,
  WORKLOADS,
  type WorkloadName,
} from './workloads.js';

export interface ContenderFigures {
  recordsPerRepetition: number;
  nsPerRecord: Summary;
  /**
   * How steady one process's figure is: its min-max spread over its repetitions as a share of its median
   * (what a --quick run, one process, shows), the largest over the processes.
   */
  processSpread: number;
  /**
   * Each process's own figure (the median of its repetitions), in the order they ran. A process's repetitions
   * agree within a few percent, but on the 2-core development VM a whole process sometimes ran about 1.5x
   * slower than the next one, baseline and cwagg alike: these show which processes did.
   */
  processNsPerRecord: number[];
  wallNsPerRecord: Summary;
  /** CPU per record over all of each repetition's passes (every collection and slow phase counted). */
  everyPassNsPerRecord: Summary;
  /** Memory allocated per record in an invocation: JS heap and ArrayBuffers. */
  heapBytesPerRecord: Summary;
  /** The ArrayBuffer part of it. */
  arrayBufferBytesPerRecord: Summary;
  /** How far each process's peak RSS rose above its RSS before its first invocation. */
  peakRssAddedBytes: Summary;
  /** Largest heap still held after a run and a full collection, over the processes. */
  retainedBytes: number;
}

export type { CostFigures } from './cost-figures.js';

export interface WorkloadCost {
  byContender: Partial<Record<CostedName, CostFigures>>;
  statisticsAgree: boolean;
  disagreements: string[];
}

export interface Machine {
  cpus: number;
  cpuModel: string;
  node: string;
  os: string;
  memoryGb: number;
  /** 1-minute load average at the start and the end: other work on the machine biases every timing. */
  loadAverage: { start: number; end: number };
}

/** The code measured: the commit, and whether the measured packages had uncommitted changes. */
export interface Revision {
  commit: string;
  /** Paths under packages/ and apps/ with uncommitted changes when the run started. */
  uncommitted: string[];
}

export interface BenchResult {
  date: string;
  command: string;
  machine: Machine;
  revision?: Revision;
  settings: {
    quick: boolean;
    processes: number;
    repetitions: number;
    passes: number;
    importSpawns: number;
    pricePer1000RequestsUsd: number;
    logPricePerGbUsd: number;
  };
  measure: Partial<Record<WorkloadName, Partial<Record<ContenderName, ContenderFigures>>>>;
  cost: Partial<Record<WorkloadName, WorkloadCost>>;
  bundles?: Partial<Record<BundleName, BundleFigures>>;
  pipeline?: PipelineFigures;
  profiles?: WorkloadProfile[];
  otel?: OtelComparison;
  windows?: WindowsFigures;
  targets: TargetCheck[];
  elapsedMs: number;
}

export type Progress = (message: string) => void;

function recordsPerRepetition(options: BenchOptions, workload: WorkloadName): number {
  const spec = WORKLOADS[workload];
  return options.records ?? (options.quick ? spec.records.quick : spec.records.full);
}

async function measurePhase(
  options: BenchOptions,
  minuteStart: number,
  progress: Progress,
): Promise<BenchResult['measure']> {
  const measure: BenchResult['measure'] = {};
  for (const workload of options.workloads) {
    const spec = WORKLOADS[workload];
    const contenders = spec.contenders.filter(
      (name) =>
        options.contenders.includes(name) && (!options.targetedOnly || timedForTargets(workload, name)),
    );
    if (contenders.length === 0) continue;
    const records = recordsPerRepetition(options, workload);
    const results = new Map<ContenderName, MeasureResult[]>();
    for (let round = 0; round < options.processes; round++) {
      for (const contender of contenders) {
        progress(`measure ${workload}: ${contender} (process ${round + 1}/${options.processes})`);
        const result = (await runInChild({
          mode: 'measure',
          workload,
          contender,
          records,
          repetitions: options.repetitions,
          passes: options.passes,
          warmupMs: options.warmupMs,
          seed: options.seed,
          minuteStart,
          poolRecords: options.poolRecords,
        })) as MeasureResult;
        results.set(contender, [...(results.get(contender) ?? []), result]);
      }
    }
    const figures: Partial<Record<ContenderName, ContenderFigures>> = {};
    for (const [contender, runs] of results) figures[contender] = contenderFigures(runs);
    measure[workload] = figures;
  }
  return measure;
}

/** One contender's figures on one workload, from what each of its processes measured. */
export function contenderFigures(runs: readonly MeasureResult[]): ContenderFigures {
  return {
    recordsPerRepetition: runs[0]?.recordsPerRepetition ?? 0,
    nsPerRecord: summarize(runs.flatMap((run) => run.nsPerRecord)),
    processSpread: Math.max(...runs.map((run) => spreadOf(summarize(run.nsPerRecord)))),
    processNsPerRecord: runs.map((run) => summarize(run.nsPerRecord).median),
    wallNsPerRecord: summarize(runs.flatMap((run) => run.wallNsPerRecord)),
    everyPassNsPerRecord: summarize(runs.flatMap((run) => run.everyPassNsPerRecord)),
    heapBytesPerRecord: summarize(runs.flatMap((run) => run.heapBytesPerRecord)),
    arrayBufferBytesPerRecord: summarize(runs.flatMap((run) => run.arrayBufferBytesPerRecord)),
    peakRssAddedBytes: summarize(runs.map((run) => run.peakRssAddedBytes)),
    retainedBytes: Math.max(...runs.map((run) => run.retainedBytes)),
  };
}

function spreadOf({ min, max, median }: Summary): number {
  return (max - min) / median;
}

/** Runs `work` over `items`, at most `limit` at a time, results in the order of the items. */
async function inParallel<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function costPhase(
  options: BenchOptions,
  minuteStart: number,
  progress: Progress,
): Promise<BenchResult['cost']> {
  const tasks = options.workloads
    .map((workload) => ({
      workload,
      // The single handler is the baseline's other form: counted whenever the baseline is.
      contenders: WORKLOADS[workload].costed.filter((name) =>
        options.costContenders.includes(name === 'single' ? 'baseline' : name),
      ),
    }))
    .filter((task) => task.contenders.length > 0);
  const results = await inParallel(tasks, availableParallelism(), ({ workload, contenders }) => {
    progress(`cost ${workload}: ${contenders.join(', ')}`);
    return runInChild({
      mode: 'cost',
      workload,
      contenders,
      records: options.costRecords,
      seed: options.seed,
      minuteStart,
    }) as Promise<CostResult>;
  });
  const cost: BenchResult['cost'] = {};
  tasks.forEach(({ workload }, i) => {
    const entries = Object.entries((results[i] as CostResult).byContender) as [CostedName, CostEntry][];
    const problems = disagreements(
      Object.fromEntries(entries.map(([name, entry]) => [name, entry.statistics])),
    );
    cost[workload] = {
      byContender: Object.fromEntries(entries.map(([name, entry]) => [name, costFigures(entry, options)])),
      statisticsAgree: problems.length === 0,
      disagreements: problems.slice(0, 10),
    };
  });
  return cost;
}

async function bundlesPhase(options: BenchOptions, progress: Progress): Promise<BenchResult['bundles']> {
  progress('bundles: building the comparison handlers with esbuild');
  const outdir = distPath('bundles');
  // The single handler's bundle is the aggregated one's twin (same code, other entry): a quick run skips it.
  const names = BUNDLE_NAMES.filter((name) => !(options.quick && name === 'single'));
  const files = await prepareBundles(names, outdir);
  return measureBundles(files, options.importSpawns, (message) => progress(`bundles: ${message}`));
}

/** A CPU profile of cwagg on one workload: where it was saved and its top self-time functions. */
export interface WorkloadProfile {
  file: string;
  workload: WorkloadName;
  hot: HotFunction[];
}

/** One profile per workload asked for, each in a fresh process, one after the other. */
async function profilePhase(
  options: BenchOptions,
  minuteStart: number,
  root: string,
  progress: Progress,
): Promise<WorkloadProfile[]> {
  const profiles: WorkloadProfile[] = [];
  for (const workload of options.profileWorkloads) {
    progress(`profile: cwagg on ${workload}`);
    const result = (await runInChild({
      mode: 'measure',
      workload,
      contender: 'cwagg',
      records: recordsPerRepetition(options, workload),
      repetitions: options.repetitions,
      warmupMs: options.warmupMs,
      seed: options.seed,
      minuteStart,
      profile: true,
    })) as MeasureResult;
    if (result.cpuProfile === undefined) throw new Error('the profiling process returned no profile');
    mkdirSync(options.profileDir, { recursive: true });
    const file = join(resolve(options.profileDir), `cwagg-${workload}-${Date.now()}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.cpuProfile));
    profiles.push({ file, workload, hot: hotFunctions(result.cpuProfile, root, 15, result.timedWindow) });
  }
  return profiles;
}

function machine(loadStart: number): Machine {
  return {
    cpus: availableParallelism(),
    cpuModel: cpus()[0]?.model ?? 'unknown',
    node: process.version,
    os: `${platform()} ${release()}`,
    memoryGb: Math.round(totalmem() / BYTES_PER_GB),
    loadAverage: { start: loadStart, end: loadavg()[0] ?? 0 },
  };
}

/** Which code was measured; undefined outside a git checkout. */
function revision(): Revision | undefined {
  try {
    const git = (...args: string[]) =>
      execFileSync('git', args, { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const uncommitted = git('status', '--porcelain', '--', 'packages', 'apps')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => line.slice(3));
    return { commit: git('rev-parse', '--short', 'HEAD').trim(), uncommitted };
  } catch {
    return undefined;
  }
}

export async function runBench(
  options: BenchOptions,
  command: string,
  progress: Progress,
): Promise<BenchResult> {
  const started = performance.now();
  const loadStart = loadavg()[0] ?? 0;
  const minuteStart = previousMinute();
  const phases = new Set(options.phases);
  const measured = revision();
  const result: BenchResult = {
    date: new Date().toISOString(),
    command,
    machine: machine(loadStart),
    ...(measured === undefined ? {} : { revision: measured }),
    settings: {
      quick: options.quick,
      processes: options.processes,
      repetitions: options.repetitions,
      passes: options.passes,
      importSpawns: options.importSpawns,
      pricePer1000RequestsUsd: options.pricePer1000RequestsUsd,
      logPricePerGbUsd: options.logPricePerGbUsd,
    },
    measure: phases.has('measure') ? await measurePhase(options, minuteStart, progress) : {},
    cost: phases.has('cost') ? await costPhase(options, minuteStart, progress) : {},
    targets: [],
    elapsedMs: 0,
  };
  if (phases.has('bundles')) result.bundles = await bundlesPhase(options, progress);
  if (phases.has('pipeline')) {
    result.pipeline = await measurePipeline(options.pipelineRuns, options.pipelineRecords, progress);
    if (!result.pipeline.available) progress(`pipeline: skipped: ${result.pipeline.reason}`);
  }
  if (phases.has('profile')) result.profiles = await profilePhase(options, minuteStart, REPO_ROOT, progress);
  if (phases.has('otel')) result.otel = await otelPhase(options, progress);
  if (phases.has('windows')) result.windows = await windowsPhase(options, progress);
  result.machine = machine(loadStart);
  result.targets = checkTargets(result);
  result.elapsedMs = performance.now() - started;
  return result;
}
