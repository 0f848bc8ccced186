/**
 * The `windows` phase: PutMetricData calls per million records, per-batch against tumbling-window
 * aggregation, as records per second and shards vary, with the delay the window adds. Each point runs the
 * real aggregated handler (@cwagg/kinesis, in process) behind @cwagg/local-lambda's shard pollers, one set
 * per-batch and one with TumblingWindowInSeconds, side by side on identical simulated streams, each
 * publishing to its own local CloudWatch endpoint (@cwagg/cloudwatch-local) over HTTP, which counts the
 * calls. Delay is from a record's arrival in the stream to the checkpoint past it: its batch published, or
 * its window.
 */

import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { CONNECTION_TIMEOUT_MS, createAggregatedHandler, loadHandlerConfig } from '@cwagg/kinesis';
import { type ShardPoller, startShardPoller } from '@cwagg/local-lambda';
import { markdownTable } from '../markdown-table.js';
import { simulatedStream } from './simulated-stream.js';

/** The original sample's batch size. */
const BATCH_SIZE = 150;
/** A run that has not checkpointed every record this long after its last arrival is reported stuck. */
const DRAIN_TIMEOUT_MS = 60_000;
/** Lambda's default function timeout is 3 s; the deployment's is 60 s: the handler's deadline under it. */
const FUNCTION_TIMEOUT_MS = 60_000;
const PER_MILLION = 1_000_000;

export interface WindowsGrid {
  recordsPerSecond: number[];
  shards: number[];
  windowSeconds: number;
  /** How long records arrive at each point: a few windows. */
  durationSeconds: number;
}

export const WINDOWS_GRID: { full: WindowsGrid; quick: WindowsGrid } = {
  full: { recordsPerSecond: [100, 1_000, 5_000], shards: [1, 4, 16], windowSeconds: 10, durationSeconds: 40 },
  quick: { recordsPerSecond: [100, 1_000], shards: [1, 4], windowSeconds: 5, durationSeconds: 15 },
};

export interface ModeFigures {
  calls: number;
  callsPerMillionRecords: number;
  invocations: number;
  meanDelayMs: number;
  maxDelayMs: number;
}

export interface WindowsPoint {
  recordsPerSecond: number;
  shards: number;
  records: number;
  perBatch: ModeFigures;
  windowed: ModeFigures & { windowsClosed: number; windowsEndedEarly: number };
  /** Per-batch calls over windowed calls. */
  fewerCalls: number;
  /** Mean delay added by the window: windowed minus per-batch. */
  addedMeanDelayMs: number;
}

export interface WindowsFigures {
  grid: WindowsGrid;
  batchSize: number;
  points: WindowsPoint[];
}

interface ModeRun {
  pollers: ShardPoller[];
  calls: () => number;
  stop: () => Promise<void>;
}

async function startMode(
  stream: ReturnType<typeof simulatedStream>,
  windowSeconds: number | undefined,
): Promise<ModeRun> {
  const cloudwatch = await startCloudWatchLocal({ port: 0 });
  const config = loadHandlerConfig('aggregated', {
    CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
    LOG_LEVEL: 'error',
  });
  // The handler's own client settings (createCloudWatchClient), with the local endpoint's region and keys.
  const client = new CloudWatchClient({
    endpoint: cloudwatch.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: config.maxAttempts,
    userAgentAppId: 'cwagg-aggregated',
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: config.requestTimeoutMs,
      throwOnRequestTimeout: true,
    },
  });
  const handler = createAggregatedHandler({ config, client, logSink: () => {} });
  const context = { getRemainingTimeInMillis: () => FUNCTION_TIMEOUT_MS };
  const pollers = stream.shards.map((shard) =>
    startShardPoller({
      client: stream.client as never,
      streamName: 'bench-windows',
      streamArn: 'arn:aws:kinesis:us-east-1:000000000000:stream/bench-windows',
      shardId: shard.shardId,
      batchSize: BATCH_SIZE,
      ...(windowSeconds === undefined ? {} : { tumblingWindowSeconds: windowSeconds }),
      invoke: (event) => handler(event, context as never),
    }),
  );
  return {
    pollers,
    calls: () => cloudwatch.stats().byAppId['cwagg-aggregated']?.putMetricDataRequests ?? 0,
    stop: async () => {
      await Promise.allSettled(pollers.map((poller) => poller.stop()));
      client.destroy();
      await cloudwatch.stop();
    },
  };
}

function figuresOf(run: ModeRun, records: number) {
  const shards = run.pollers.map((poller) => poller.stats());
  const delayed = shards.reduce((sum, s) => sum + s.recordDelay.records, 0);
  const calls = run.calls();
  return {
    calls,
    callsPerMillionRecords: Math.round((calls * PER_MILLION) / records),
    invocations: shards.reduce((sum, s) => sum + s.invocations, 0),
    meanDelayMs: Math.round(
      delayed === 0 ? 0 : shards.reduce((sum, s) => sum + s.recordDelay.totalMs, 0) / delayed,
    ),
    maxDelayMs: Math.max(0, ...shards.map((s) => s.recordDelay.maxMs)),
    windowsClosed: shards.reduce((sum, s) => sum + s.windowsClosed, 0),
    windowsEndedEarly: shards.reduce((sum, s) => sum + s.windowsEndedEarly, 0),
    processed: shards.reduce((sum, s) => sum + s.recordsProcessed + s.recordsGivenUp, 0),
  };
}

/** One point of the grid: both modes on identical streams, until each checkpointed every record. */
export async function measureWindowsPoint(
  recordsPerSecond: number,
  shards: number,
  grid: Pick<WindowsGrid, 'windowSeconds' | 'durationSeconds'>,
): Promise<WindowsPoint> {
  const startMs = Date.now() + 200;
  const streamOptions = {
    shards,
    recordsPerSecond,
    durationMs: grid.durationSeconds * 1000,
    startMs,
    // Values of a latency-like spread: distinct enough that the window's state has work to do.
    payload: (shard: number, index: number) => String(((index * 7919 + shard * 104_729) % 100_000) / 100),
  };
  const batchStream = simulatedStream(streamOptions);
  const windowStream = simulatedStream(streamOptions);
  const records = batchStream.shards.reduce((sum, shard) => sum + shard.records, 0);
  const perBatch = await startMode(batchStream, undefined);
  const windowed = await startMode(windowStream, grid.windowSeconds).catch(async (error) => {
    await perBatch.stop();
    throw error;
  });
  try {
    const deadline = startMs + grid.durationSeconds * 1000 + grid.windowSeconds * 2000 + DRAIN_TIMEOUT_MS;
    for (;;) {
      const done = [perBatch, windowed].every((run) => figuresOf(run, records).processed >= records);
      if (done) break;
      if (Date.now() > deadline) {
        const state = (run: ModeRun) =>
          `${figuresOf(run, records).processed}/${records} (${run.pollers.map((p) => p.stats().lastError ?? 'no error').join('; ')})`;
        throw new Error(
          `${recordsPerSecond} records/s on ${shards} shard(s): not every record was checkpointed in time: per batch ${state(perBatch)}, windowed ${state(windowed)}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    const batchFigures = figuresOf(perBatch, records);
    const windowFigures = figuresOf(windowed, records);
    const mode = ({
      calls,
      callsPerMillionRecords,
      invocations,
      meanDelayMs,
      maxDelayMs,
    }: typeof batchFigures) => ({
      calls,
      callsPerMillionRecords,
      invocations,
      meanDelayMs,
      maxDelayMs,
    });
    return {
      recordsPerSecond,
      shards,
      records,
      perBatch: mode(batchFigures),
      windowed: {
        ...mode(windowFigures),
        windowsClosed: windowFigures.windowsClosed,
        windowsEndedEarly: windowFigures.windowsEndedEarly,
      },
      fewerCalls:
        windowFigures.calls === 0 ? 0 : Math.round((batchFigures.calls / windowFigures.calls) * 10) / 10,
      addedMeanDelayMs: windowFigures.meanDelayMs - batchFigures.meanDelayMs,
    };
  } finally {
    await Promise.allSettled([perBatch.stop(), windowed.stop()]);
  }
}

export async function windowsPhase(
  options: { quick: boolean },
  progress: (message: string) => void,
): Promise<WindowsFigures> {
  const grid = options.quick ? WINDOWS_GRID.quick : WINDOWS_GRID.full;
  const points: WindowsPoint[] = [];
  for (const shards of grid.shards) {
    for (const rate of grid.recordsPerSecond) {
      progress(`windows: ${rate} records/s on ${shards} shard(s), ${grid.windowSeconds} s windows`);
      points.push(await measureWindowsPoint(rate, shards, grid));
    }
  }
  return { grid, batchSize: BATCH_SIZE, points };
}

/** The report's table: calls per million records and delay, per point. */
export function windowsTable(figures: WindowsFigures | undefined): string[] {
  if (figures === undefined) return [];
  const { grid } = figures;
  return [
    '',
    `## Tumbling windows: calls per million records (${grid.windowSeconds} s windows, batch ${figures.batchSize})`,
    '',
    `The aggregated handler per batch and in ${grid.windowSeconds}-second tumbling windows, behind @cwagg/local-lambda's shard pollers on simulated streams (records arriving at the rate for ${grid.durationSeconds} s), publishing to a local CloudWatch. Delay: from a record's arrival to the checkpoint past it.`,
    '',
    markdownTable(
      [
        'records/s',
        'shards',
        'records',
        'per-batch calls / M',
        'windowed calls / M',
        'fewer calls',
        'per-batch delay (mean / max)',
        'windowed delay (mean / max)',
        'added delay (mean)',
      ],
      figures.points.map((p) =>
        [
          p.recordsPerSecond,
          p.shards,
          p.records,
          p.perBatch.callsPerMillionRecords,
          p.windowed.callsPerMillionRecords,
          `${p.fewerCalls}x`,
          `${(p.perBatch.meanDelayMs / 1000).toFixed(1)} s / ${(p.perBatch.maxDelayMs / 1000).toFixed(1)} s`,
          `${(p.windowed.meanDelayMs / 1000).toFixed(1)} s / ${(p.windowed.maxDelayMs / 1000).toFixed(1)} s`,
          `${(p.addedMeanDelayMs / 1000).toFixed(1)} s`,
        ].map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)),
      ),
    ),
  ];
}
