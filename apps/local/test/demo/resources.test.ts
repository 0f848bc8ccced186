import type { EventSourceMapping, LocalFunction } from '@cwagg/local-lambda';
import { describe, expect, it } from 'vitest';
import { RunResources } from '../../src/demo/resources.js';
import type { LocalStack } from '../../src/index.js';

/** Records the order things are stopped in; `fails` makes that one's stop reject. */
function tracker() {
  const stopped: string[] = [];
  const stopper =
    (name: string, fails = false) =>
    async () => {
      stopped.push(name);
      if (fails) throw new Error(`${name} would not stop`);
    };
  return { stopped, stopper };
}

describe('what a run holds', () => {
  it('is all released, mappings before functions before clients and emulators, even when a stop fails', async () => {
    const { stopped, stopper } = tracker();
    const run = new RunResources();
    let pids = [11];
    run.functions.set('single', {
      stop: stopper('single function', true),
      pids: () => pids,
    } as unknown as LocalFunction);
    run.functions.set('aggregated', {
      stop: stopper('aggregated function'),
      pids: () => [21, 22],
    } as unknown as LocalFunction);
    run.mappings.set('single', { stop: stopper('single mapping', true) } as unknown as EventSourceMapping);
    run.mappings.set('aggregated', { stop: stopper('aggregated mapping') } as unknown as EventSourceMapping);
    run.kinesisClient = {
      destroy: () => stopped.push('kinesis client'),
    } as unknown as RunResources['kinesisClient'];
    run.cloudwatchClients.push({
      destroy: () => stopped.push('cloudwatch client'),
    } as unknown as RunResources['cloudwatchClients'][number]);
    run.stack = { stop: stopper('stack') } as unknown as LocalStack;

    pids = [11, 12]; // a container replaced while the run consumed
    await run.release();
    expect(stopped).toEqual([
      'single mapping',
      'aggregated mapping',
      'single function',
      'aggregated function',
      'kinesis client',
      'cloudwatch client',
      'stack',
    ]);
    expect(run.processes).toEqual({ kinesisLocal: -1, single: [11, 12], aggregated: [21, 22] });
  });

  it('releases a run that failed before starting anything', async () => {
    const run = new RunResources();
    await expect(run.release()).resolves.toBeUndefined();
    expect(run.processes).toEqual({ kinesisLocal: -1, single: [], aggregated: [] });
  });
});
