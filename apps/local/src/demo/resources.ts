/**
 * Everything a run starts, recorded as each phase starts it, so that one place releases it all whether the
 * run succeeds, fails in any phase or is aborted.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { EventSourceMapping, LocalFunction } from '@cwagg/local-lambda';
import type { createKinesisClient } from '@cwagg/producer';
import type { LocalStack } from '../stack.js';
import type { DemoProcesses } from './result.js';
import type { DemoHandler } from './settings.js';

export class RunResources {
  stack: LocalStack | undefined;
  readonly functions = new Map<DemoHandler, LocalFunction>();
  readonly mappings = new Map<DemoHandler, EventSourceMapping>();
  /** Publications the windowed function made before a window's end, counted from its log. */
  earlyFlushes = 0;
  kinesisClient: ReturnType<typeof createKinesisClient> | undefined;
  readonly cloudwatchClients: CloudWatchClient[] = [];
  readonly processes: DemoProcesses = { kinesisLocal: -1, single: [], aggregated: [] };

  /** Notes the function processes now running (containers come and go while a run consumes). */
  notePids(): void {
    for (const [handler, fn] of this.functions) this.processes[handler] = fn.pids();
  }

  /** Stops everything started, in the reverse order of starting; never throws. */
  async release(): Promise<void> {
    this.notePids();
    await Promise.allSettled([...this.mappings.values()].map((mapping) => mapping.stop()));
    await Promise.allSettled([...this.functions.values()].map((fn) => fn.stop()));
    this.kinesisClient?.destroy();
    for (const client of this.cloudwatchClients) client.destroy();
    await this.stack?.stop();
  }
}
