/**
 * Everything a run starts, recorded as each phase starts it, so that one place releases it all whether the
 * run succeeds, fails in any phase or is aborted.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { HandlerKind } from '@cwagg/kinesis';
import type { EventSourceMapping, LocalFunction } from '@cwagg/local-lambda';
import type { createKinesisClient } from '@cwagg/producer';
import type { LocalStack } from '../stack.js';
import type { DemoProcesses } from './result.js';

export class RunResources {
  stack: LocalStack | undefined;
  readonly functions = new Map<HandlerKind, LocalFunction>();
  readonly mappings = new Map<HandlerKind, EventSourceMapping>();
  kinesisClient: ReturnType<typeof createKinesisClient> | undefined;
  cloudwatchClient: CloudWatchClient | undefined;
  readonly processes: DemoProcesses = { kinesisLocal: -1, single: [], aggregated: [] };

  /** Notes the function processes now running (containers come and go while a run consumes). */
  notePids(): void {
    for (const [kind, fn] of this.functions) this.processes[kind] = fn.pids();
  }

  /** Stops everything started, in the reverse order of starting; never throws. */
  async release(): Promise<void> {
    this.notePids();
    await Promise.allSettled([...this.mappings.values()].map((mapping) => mapping.stop()));
    await Promise.allSettled([...this.functions.values()].map((fn) => fn.stop()));
    this.kinesisClient?.destroy();
    this.cloudwatchClient?.destroy();
    await this.stack?.stop();
  }
}
