/** The consuming phase with the event source mappings stood in for: what each is asked for, and its failures. */
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import type {
  EventSourceMappingOptions,
  EventSourceMappingStats,
  KinesisLocal,
  LocalFunction,
  WaitOptions,
} from '@cwagg/local-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { consumeStream } from '../../src/demo/consume.js';
import { RunResources } from '../../src/demo/resources.js';
import { type DemoProgress, demoSettings } from '../../src/index.js';

const mappings = vi.hoisted(() => ({
  started: [] as Array<{ options: unknown; waited: Array<[number, unknown]>; stopped: boolean }>,
  fail: undefined as Error | undefined,
}));

vi.mock('@cwagg/producer', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/producer')>()),
  createKinesisClient: () => ({ destroy: () => {} }),
}));

vi.mock('@cwagg/local-lambda', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/local-lambda')>()),
  startEventSourceMapping: async (options: EventSourceMappingOptions) => {
    const record = { options, waited: [] as Array<[number, unknown]>, stopped: false };
    mappings.started.push(record);
    const stats = (): EventSourceMappingStats => ({
      recordsProcessed: record.waited[0]?.[0] ?? 0,
      recordsGivenUp: 0,
      invocations: mappings.started.indexOf(record) + 1,
      partialFailures: 0,
      functionErrors: 0,
      retries: 0,
      givenUp: [],
      windowsClosed: 0,
      windowsEndedEarly: 0,
      recordDelay: { records: 0, meanMs: 0, maxMs: 0 },
      shards: [],
    });
    return {
      stats,
      waitForRecords: async (records: number, options: WaitOptions) => {
        record.waited.push([records, options]);
        if (mappings.fail) throw mappings.fail;
        return stats();
      },
      stop: async () => {
        record.stopped = true;
      },
    };
  },
}));

const stack = {
  kinesis: { endpoint: 'http://127.0.0.1:4567', region: 'us-east-1' } as KinesisLocal,
  cloudwatch: {
    stats: () => ({ byAppId: { 'cwagg-single': { putMetricDataRequests: 40 } } }),
  } as unknown as CloudWatchLocal,
};

function runWithFunctions(): { run: RunResources; invoked: string[] } {
  const run = new RunResources();
  const invoked: string[] = [];
  for (const kind of ['single', 'aggregated'] as const) {
    run.functions.set(kind, {
      invoke: async (event: unknown) => invoked.push(`${kind} ${JSON.stringify(event)}`),
    } as unknown as LocalFunction);
  }
  return { run, invoked };
}

beforeEach(() => {
  mappings.started = [];
  mappings.fail = undefined;
});

describe('the consuming phase', () => {
  it('maps the stream to each function, waits for every record sent, and stops the mappings', async () => {
    const { run, invoked } = runWithFunctions();
    const progress: DemoProgress[] = [];
    const settings = demoSettings({ batchSize: 500, batchingWindowMs: 20, seed: 1 });
    const stats = await consumeStream(run, stack, settings, 40, {
      maxRetryAttempts: 3,
      stallTimeoutMs: 9_000,
      onProgress: (p) => progress.push(p),
    });
    expect(mappings.started).toHaveLength(2);
    for (const { options, waited, stopped } of mappings.started) {
      expect(options).toMatchObject({
        streamName: 'cwagg-demo',
        region: 'us-east-1',
        batchSize: 500,
        batchingWindowMs: 20,
        maxRetryAttempts: 3,
      });
      expect(waited).toEqual([[40, { stallTimeoutMs: 9_000 }]]);
      expect(stopped).toBe(true);
    }
    // Each mapping invokes its own function.
    const aggregatedMapping = mappings.started[1]?.options as EventSourceMappingOptions;
    await aggregatedMapping.invoke({ Records: [] } as never, 's');
    expect(invoked).toEqual(['aggregated {"Records":[]}']);
    expect(stats.single?.invocations).toBe(1);
    expect(stats.aggregated?.invocations).toBe(2);
    expect(progress.at(-1)).toEqual({
      phase: 'consuming',
      total: 40,
      single: { records: 40, invocations: 1, retries: 0, calls: 40 },
      aggregated: { records: 40, invocations: 2, retries: 0, calls: 0 },
    });
    expect(run.mappings.size).toBe(2);
    expect(run.kinesisClient).toBeDefined();
  });

  it('passes Lambda’s defaults through when none are given', async () => {
    const { run } = runWithFunctions();
    await consumeStream(run, stack, demoSettings({ seed: 1 }), 1, {});
    const options = mappings.started[0]?.options as EventSourceMappingOptions;
    expect(options).not.toHaveProperty('maxRetryAttempts');
    expect(mappings.started[0]?.waited[0]?.[1]).toEqual({});
  });

  it('fails as the consuming phase when a mapping fails, leaving the mappings for release', async () => {
    mappings.fail = new Error('no record moved for 120 s');
    const { run } = runWithFunctions();
    await expect(consumeStream(run, stack, demoSettings({ seed: 1 }), 10, {})).rejects.toMatchObject({
      name: 'DemoError',
      phase: 'consuming',
      message: 'consuming the stream failed: no record moved for 120 s',
    });
    expect(run.mappings.size).toBe(2);
  });

  it('says it was interrupted once aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    mappings.fail = new Error('aborted');
    const { run } = runWithFunctions();
    await expect(
      consumeStream(run, stack, demoSettings({ seed: 1 }), 10, { signal: controller.signal }),
    ).rejects.toMatchObject({ phase: 'consuming', message: 'stopped (interrupted)' });
    expect(mappings.started[0]?.waited[0]?.[1]).toEqual({ signal: controller.signal });
  });
});
