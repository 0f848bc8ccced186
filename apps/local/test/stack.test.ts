/** The two emulators started and stopped together, with both stood in for: options, failures and stopping. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { startLocalStack } from '../src/index.js';

const emulators = vi.hoisted(() => ({
  cloudwatchOptions: [] as unknown[],
  stops: { kinesis: 0, cloudwatch: 0 },
  fail: undefined as 'kinesis' | 'cloudwatch' | undefined,
}));

vi.mock('@cwagg/local-lambda', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/local-lambda')>()),
  startKinesisLocal: async () => {
    if (emulators.fail === 'kinesis') throw new Error('java not found');
    return { pid: 77, stop: async () => void emulators.stops.kinesis++ };
  },
}));

vi.mock('@cwagg/cloudwatch-local', async (importOriginal) => ({
  ...(await importOriginal<typeof import('@cwagg/cloudwatch-local')>()),
  startCloudWatchLocal: async (options: unknown) => {
    emulators.cloudwatchOptions.push(options);
    if (emulators.fail === 'cloudwatch') throw new Error('port in use');
    return { endpoint: 'http://127.0.0.1:1', stop: async () => void emulators.stops.cloudwatch++ };
  },
}));

beforeEach(() => {
  emulators.cloudwatchOptions = [];
  emulators.stops = { kinesis: 0, cloudwatch: 0 };
  emulators.fail = undefined;
});

describe('the local stack', () => {
  it('passes on only the fault options given, on a free port', async () => {
    const stack = await startLocalStack({ faultRate: 0.1, faultSeed: 3 });
    await startLocalStack();
    expect(emulators.cloudwatchOptions).toEqual([{ port: 0, faultRate: 0.1, faultSeed: 3 }, { port: 0 }]);
    expect(stack.kinesis.pid).toBe(77);
  });

  it('stops both emulators once, however often it is asked', async () => {
    const stack = await startLocalStack();
    await Promise.all([stack.stop(), stack.stop()]);
    await stack.stop();
    expect(emulators.stops).toEqual({ kinesis: 1, cloudwatch: 1 });
  });

  it('stops the one that started when the other did not, and names the one that failed', async () => {
    emulators.fail = 'kinesis';
    const kinesisFailure = await startLocalStack().catch((error: Error) => error);
    expect(kinesisFailure).toMatchObject({
      message: 'could not start the Kinesis emulator (kinesis-local): java not found',
      cause: new Error('java not found'),
    });
    expect(emulators.stops).toEqual({ kinesis: 0, cloudwatch: 1 });

    emulators.fail = 'cloudwatch';
    await expect(startLocalStack()).rejects.toThrow('could not start the local CloudWatch: port in use');
    expect(emulators.stops).toEqual({ kinesis: 1, cloudwatch: 1 });
  });
});
