/** The starting phase with the emulators and the function processes stood in for: what it asks for, and its failures. */
import type { LocalFunction, LocalFunctionOptions } from '@cwagg/local-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { RunResources } from '../../src/demo/resources.js';
import { startPipeline } from '../../src/demo/start.js';
import { demoSettings, handlerBundle, type LocalStack } from '../../src/index.js';

const started = vi.hoisted(() => ({
  stackOptions: [] as unknown[],
  functions: [] as Array<{ options: unknown; warmed: number[] }>,
  failStack: false,
  failWarm: undefined as string | undefined,
}));

vi.mock('../../src/stack.js', () => ({
  startLocalStack: async (options: unknown) => {
    started.stackOptions.push(options);
    if (started.failStack) throw new Error('could not start the Kinesis emulator (kinesis-local): no java');
    return {
      kinesis: { pid: 4321, endpoint: 'http://127.0.0.1:4567', region: 'us-east-1' },
      cloudwatch: { endpoint: 'http://127.0.0.1:7654' },
      stop: async () => {},
    };
  },
}));

vi.mock('@cwagg/local-lambda', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/local-lambda')>()),
  startLocalFunction: (options: LocalFunctionOptions) => {
    const record = { options, warmed: [] as number[] };
    started.functions.push(record);
    return {
      name: options.name,
      warm: async (count: number) => {
        record.warmed.push(count);
        if (started.failWarm === options.name) throw new Error(`${options.name}: VALUE_FIELD is not a path`);
      },
      pids: () => [],
      stop: async () => {},
    } as unknown as LocalFunction;
  },
}));

beforeEach(() => {
  started.stackOptions = [];
  started.functions = [];
  started.failStack = false;
  started.failWarm = undefined;
});

describe('the starting phase', () => {
  it('starts the emulators with the faults asked for, then both functions, warmed to the concurrency', async () => {
    const settings = demoSettings({
      faultRate: 0.2,
      faultSeed: 9,
      concurrency: 3,
      valueField: 'v.ms',
      seed: 1,
    });
    const run = new RunResources();
    const stack: LocalStack = await startPipeline(run, settings);
    expect(stack.kinesis.pid).toBe(4321);
    expect(started.stackOptions).toEqual([{ faultRate: 0.2, faultSeed: 9 }]);
    expect(run.stack).toBe(stack);
    expect(run.processes.kinesisLocal).toBe(4321);
    expect([...run.functions.keys()]).toEqual(['single', 'aggregated']);
    for (const { options, warmed } of started.functions) {
      const { name, bundleFile, env, maxContainers } = options as LocalFunctionOptions;
      expect(bundleFile).toBe(handlerBundle(name as 'single' | 'aggregated'));
      expect(maxContainers).toBe(3);
      expect(env).toMatchObject({
        CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:7654',
        LOG_LEVEL: 'warn',
        VALUE_FIELD: 'v.ms',
      });
      expect(warmed).toEqual([3]);
    }
  });

  it('sets no VALUE_FIELD when the payload is plain decimal text', async () => {
    await startPipeline(new RunResources(), demoSettings({ seed: 1 }));
    const options = started.functions[0]?.options as LocalFunctionOptions;
    expect(options.env).toBeDefined();
    const env = options.env;
    expect(env).not.toHaveProperty('VALUE_FIELD');
  });

  it('fails as the starting phase on a broken function, holding all it started for release', async () => {
    started.failWarm = 'aggregated';
    const run = new RunResources();
    await expect(startPipeline(run, demoSettings({ seed: 1 }))).rejects.toMatchObject({
      name: 'DemoError',
      phase: 'starting',
      message: 'starting the pipeline failed: aggregated: VALUE_FIELD is not a path',
    });
    expect(run.stack).toBeDefined();
    expect(run.functions.size).toBe(2);
  });

  it('fails as the starting phase when an emulator does not start, before any function', async () => {
    started.failStack = true;
    const run = new RunResources();
    await expect(startPipeline(run, demoSettings({ seed: 1 }))).rejects.toMatchObject({
      phase: 'starting',
      message: expect.stringContaining('kinesis-local'),
    });
    expect(run.stack).toBeUndefined();
    expect(started.functions).toEqual([]);
  });
});
