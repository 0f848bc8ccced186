/**
 * One OpenTelemetry-comparison contender measured inside one process: CPU per value recorded (exports
 * included) over timed passes after a warm-up, then one counted pass for the cost (calls, bytes, log bytes)
 * and what the output keeps of the distribution. Run in a fresh child process per contender (worker.ts).
 */
import { captureOutput, OutputTally } from '../output.js';
import { measureRequests, type RequestBytes } from '../request-bytes.js';
import { createOtelContender, type OtelContenderName } from './contenders.js';
import {
  type DistributionKept,
  distributionKept,
  distributionsFromEmf,
  distributionsFromRequests,
} from './distribution.js';
import { otelValues } from './workload.js';

export interface OtelTask {
  mode: 'otel';
  contender: OtelContenderName;
  /** Values recorded per timed pass, and per counted pass. */
  values: number;
  /** The service exports every this many values. */
  valuesPerExport: number;
  repetitions: number;
  seed: number;
}

export interface OtelMeasureResult {
  mode: 'otel';
  contender: OtelContenderName;
  /** CPU ns (user + system) per value, one per timed pass. */
  nsPerValue: number[];
  values: number;
  exports: number;
  requests: RequestBytes;
  logLines: number;
  logBytes: number;
  kept: DistributionKept;
}

async function pass(
  task: OtelTask,
  sink: OutputTally,
  recorded: ReturnType<typeof otelValues>,
): Promise<number> {
  const contender = createOtelContender(task.contender, sink);
  let exports = 0;
  for (let i = 0; i < recorded.values.length; i++) {
    contender.record(recorded.routes[i] as number, recorded.values[i] as number);
    if ((i + 1) % task.valuesPerExport === 0) {
      await contender.export();
      exports++;
    }
  }
  if (recorded.values.length % task.valuesPerExport !== 0) {
    await contender.export();
    exports++;
  }
  await contender.close();
  return exports;
}

export async function measureOtel(task: OtelTask): Promise<OtelMeasureResult> {
  const recorded = otelValues(task.values, task.seed);
  const timing = new OutputTally();
  const restore = captureOutput(timing);
  const nsPerValue: number[] = [];
  try {
    await pass(task, timing, recorded); // warm-up
    for (let repetition = 0; repetition < task.repetitions; repetition++) {
      const before = process.cpuUsage();
      await pass(task, timing, recorded);
      const cpu = process.cpuUsage(before);
      nsPerValue.push(((cpu.user + cpu.system) * 1000) / task.values);
    }
  } finally {
    restore();
  }
  const counted = new OutputTally(true);
  const restoreCounted = captureOutput(counted);
  let exports: number;
  try {
    exports = await pass(task, counted, recorded);
  } finally {
    restoreCounted();
  }
  const found =
    counted.keptRequests.length > 0
      ? distributionsFromRequests(counted.keptRequests)
      : distributionsFromEmf(counted.keptLines);
  return {
    mode: 'otel',
    contender: task.contender,
    nsPerValue,
    values: task.values,
    exports,
    requests: measureRequests(counted.keptRequests),
    logLines: counted.logLines,
    logBytes: counted.logBytes,
    kept: distributionKept(found, recorded),
  };
}
