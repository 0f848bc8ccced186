/**
 * The measurements themselves, run inside one process: CPU per record, heap growth per invocation, and the
 * cost phase (requests, bytes, log lines, statistics). The bench runs each in a fresh child process
 * (src/worker.ts) so that one contender's JIT state and garbage never bias another's figures; the tests call
 * them directly on tiny inputs.
 */
import { Session } from 'node:inspector/promises';
import { type Contender, createContender } from './contenders/index.js';
import { type AnyBatch, type Delivery, deliveryFor } from './delivery.js';
import { allocatedDuring, PeakRss } from './memory.js';
import { captureOutput, OutputTally } from './output.js';
import { type StatisticsByMetric, statisticsFromEmf, statisticsFromRequests } from './output-statistics.js';
import type { CpuProfile, ProfileWindow } from './profile.js';
import { measureRequests, type RequestBytes } from './request-bytes.js';
import { timeInTurns, timeInvocationsInTurns } from './turns.js';
import {
  type ContenderName,
  type CostedName,
  keyedBatches,
  kinesisBatches,
  poolBatches,
  WORKLOADS,
  type WorkloadName,
  type WorkloadSpec,
  wholeBatches,
} from './workloads.js';

export interface DataOptions {
  workload: WorkloadName;
  /** Records per repetition (rounded up to whole batches). */
  records: number;
  seed: number;
  /** Arrival minute of every Kinesis record (epoch ms). */
  minuteStart: number;
  /** At most this many distinct records are generated (default POOL_RECORDS); repetitions cycle through them. */
  poolRecords?: number;
}

export interface MeasureTask extends DataOptions {
  mode: 'measure';
  contender: ContenderName;
  repetitions: number;
  /**
   * Each repetition is timed as this many passes over a share of its records (default 1: one pass of every
   * record), the repetitions taking turns (src/turns.ts).
   */
  passes?: number;
  /** Minimum warm-up before anything is timed, in milliseconds of CPU time. */
  warmupMs: number;
  /** Record a V8 CPU profile of the timed passes (the figures are then biased by the profiler). */
  profile?: boolean;
}

export interface CostTask extends DataOptions {
  mode: 'cost';
  contenders: readonly CostedName[];
}

export type Task = MeasureTask | CostTask;

export interface MeasureResult {
  mode: 'measure';
  recordsPerRepetition: number;
  /**
   * CPU time (user + system, all threads: GC included) per record, one entry per repetition: that of its
   * fastest pass.
   */
  nsPerRecord: number[];
  /** Wall-clock time per record, one entry per repetition: that of its fastest pass (by wall time). */
  wallNsPerRecord: number[];
  /**
   * CPU time per record over all of each repetition's passes: higher, with every collection and every slow
   * phase of the machine counted.
   */
  everyPassNsPerRecord: number[];
  /**
   * Memory allocated per record during one invocation, JS heap and ArrayBuffers together: how far memory grows
   * when nothing is collected (growth plus whatever collections during the invocation freed). One entry per
   * sampled invocation.
   */
  heapBytesPerRecord: number[];
  /** The ArrayBuffer part of heapBytesPerRecord (typed arrays and Buffers, outside the JS heap). */
  arrayBufferBytesPerRecord: number[];
  /** How far the process's peak RSS rose above its RSS before the first invocation, over the whole run. */
  peakRssAddedBytes: number;
  /** JS heap still held after the run and a full collection, compared to before the first invocation. */
  retainedBytes: number;
  /** The V8 CPU profile (a .cpuprofile document), when asked for: warm-up and timed passes. */
  cpuProfile?: CpuProfile;
  /** When the timed passes ran, on the profile's clock (monotonic microseconds). */
  timedWindow?: ProfileWindow;
}

export interface CostEntry {
  records: number;
  requests: RequestBytes;
  logLines: number;
  logBytes: number;
  statistics: StatisticsByMetric;
}

export interface CostResult {
  mode: 'cost';
  byContender: Partial<Record<CostedName, CostEntry>>;
}

export type TaskResult = MeasureResult | CostResult;

/** The distinct batches a task cycles through. */
export function batchesFor(options: DataOptions): { spec: WorkloadSpec; batches: AnyBatch[] } {
  const spec = WORKLOADS[options.workload];
  const count = poolBatches(spec, options.records, options.poolRecords);
  const batches =
    spec.input === 'kinesis'
      ? kinesisBatches(spec, count, options.seed, options.minuteStart)
      : keyedBatches(spec, count, options.seed);
  return { spec, batches };
}

/** One invocation; every contender's work ends in a side effect (a request handed over, a line written). */
async function invoke(contender: Contender<AnyBatch>, batch: AnyBatch): Promise<void> {
  const result = contender.process(batch);
  if (result instanceof Promise) await result;
}

/** Everything the peers print goes to the current sink; a measuring process never writes to the terminal. */
function withCapture<T>(sink: OutputTally, body: () => Promise<T>): Promise<T> {
  const restore = captureOutput(sink);
  return body().finally(restore);
}

function collectGarbage(): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) throw new Error('heap measurements need node --expose-gc');
  gc();
  gc();
}

function heapUsed(): number {
  return process.memoryUsage().heapUsed;
}

/** The task's workload and how its invocations get their events; the batches themselves are not kept. */
function deliveryOf(task: MeasureTask): { spec: WorkloadSpec; deliver: Delivery } {
  const { spec, batches } = batchesFor(task);
  return { spec, deliver: deliveryFor(spec, batches) };
}

/**
 * CPU per record over repeated timed passes (after a warm-up), the peak RSS they added, then memory allocated
 * per invocation over a few sampled invocations (not timed: the GC profiler runs during them). The only forced
 * collections come before the first invocation and after the last: one in between would throw away feedback
 * and compiled code the timed passes rely on.
 */
export function measureContender(task: MeasureTask): Promise<MeasureResult> {
  const { spec, deliver } = deliveryOf(task);
  const sink = new OutputTally();
  return withCapture(sink, async () => {
    // Generating the records left garbage: collected now, before anything measured runs.
    collectGarbage();
    const heapStart = heapUsed();
    const rss = new PeakRss();
    rss.start();
    // The profiler starts before the warm-up: code optimised while it runs keeps the positions of inlined
    // functions, so their time is not folded into their callers. Only the timed passes are summarised.
    const profiler = task.profile ? await startProfiler() : undefined;
    const contender = createContender(task.contender, spec, sink) as Contender<AnyBatch>;
    const invocations = wholeBatches(spec, task.records);
    // The warm-up is counted in CPU time: on a loaded machine, wall time would give the JIT little of it.
    const warmupStart = process.cpuUsage();
    const warmedUp = () => {
      const used = process.cpuUsage(warmupStart);
      return used.user + used.system >= task.warmupMs * 1000;
    };
    for (let i = 0; i < 3 || !warmedUp(); i++) await invoke(contender, deliver(i));
    const records = invocations * spec.batchSize;
    const passes = Math.max(1, Math.min(task.passes ?? 1, invocations));
    const timedFrom = monotonicMicros();
    let next = 0;
    const times =
      spec.delivery === 'fresh'
        ? await timeInvocationsInTurns(task.repetitions, passes, invocations, deliver, (event) =>
            invoke(contender, event),
          )
        : await timeInTurns(task.repetitions, passes, invocations, async (count) => {
            // The passes share the pool: every batch takes its turn.
            for (let i = 0; i < count; i++) await invoke(contender, deliver(next++));
          });
    const nsPerRecord = times.fastestCpuMicros.map((micros) => (micros * 1000) / spec.batchSize);
    const wallNsPerRecord = times.fastestWallNanos.map((nanos) => nanos / spec.batchSize);
    const everyPassNsPerRecord = times.totalCpuMicros.map((micros) => (micros * 1000) / records);
    const timedWindow = { fromMicros: timedFrom, toMicros: monotonicMicros() };
    const peakRssAddedBytes = rss.added();
    const cpuProfile = await profiler?.stop();

    const heapBytesPerRecord: number[] = [];
    const arrayBufferBytesPerRecord: number[] = [];
    for (let sample = 0; sample < task.repetitions; sample++) {
      const batch = deliver(sample);
      const { jsBytes, arrayBufferBytes } = await allocatedDuring(() => invoke(contender, batch));
      heapBytesPerRecord.push((jsBytes + arrayBufferBytes) / spec.batchSize);
      arrayBufferBytesPerRecord.push(arrayBufferBytes / spec.batchSize);
    }
    collectGarbage();
    return {
      mode: 'measure',
      recordsPerRepetition: records,
      nsPerRecord,
      wallNsPerRecord,
      everyPassNsPerRecord,
      heapBytesPerRecord,
      arrayBufferBytesPerRecord,
      peakRssAddedBytes,
      retainedBytes: heapUsed() - heapStart,
      ...(cpuProfile === undefined ? {} : { cpuProfile, timedWindow }),
    };
  });
}

/** The profiler's clock: V8 stamps samples with the same monotonic clock as process.hrtime, in microseconds. */
function monotonicMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/** The V8 sampling profiler (what `node --cpu-prof` uses), at 100 µs. */
async function startProfiler(): Promise<{ stop(): Promise<CpuProfile> }> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  return {
    async stop() {
      const { profile } = await session.post('Profiler.stop');
      session.disconnect();
      return profile as CpuProfile;
    },
  };
}

/** One pass over the pool per contender, keeping every request and log line it produced. */
export async function measureCost(task: CostTask): Promise<CostResult> {
  const { spec, batches } = batchesFor(task);
  const byContender: CostResult['byContender'] = {};
  for (const name of task.contenders) {
    const sink = new OutputTally(true);
    await withCapture(sink, async () => {
      const contender = createContender(name, spec, sink) as Contender<AnyBatch>;
      for (const batch of batches) await invoke(contender, batch);
    });
    byContender[name] = {
      records: batches.length * spec.batchSize,
      requests: measureRequests(sink.keptRequests),
      logLines: sink.logLines,
      logBytes: sink.logBytes,
      statistics: {
        ...statisticsFromRequests(sink.keptRequests),
        ...statisticsFromEmf(sink.keptLines),
      },
    };
  }
  return { mode: 'cost', byContender };
}

export function runTask(task: Task): Promise<TaskResult> {
  switch (task.mode) {
    case 'measure':
      return measureContender(task);
    case 'cost':
      return measureCost(task);
  }
}
