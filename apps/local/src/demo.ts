/**
 * The whole pipeline on one machine, both handlers side by side: emulators up, data into a Kinesis
 * stream with the producer, an event source mapping per function that behaves like Lambda's, then the
 * statistics read back from the CloudWatch endpoint and compared with each other and with what was sent.
 * Each phase is a module of demo/; this is their order.
 */
import { compareHandlers } from './demo/compare.js';
import { consumeStream, endpointOf } from './demo/consume.js';
import { DemoError, throwIfInterrupted } from './demo/error.js';
import { PhaseClock } from './demo/phase-clock.js';
import { produceRecords } from './demo/produce.js';
import { readBack } from './demo/read-back.js';
import { RunResources } from './demo/resources.js';
import type { DemoResult } from './demo/result.js';
import { type DemoOptions, demoHandlers, demoSettings } from './demo/settings.js';
import { startPipeline } from './demo/start.js';

export { DemoError } from './demo/error.js';
export type { ConsumerProgress, DemoPhase, DemoProgress } from './demo/progress-events.js';
export {
  type DemoProcesses,
  type DemoResult,
  type HandlerResult,
  handlerColumns,
  type WindowedResult,
} from './demo/result.js';
export {
  DEFAULT_BATCH_SIZE,
  DEFAULT_RECORDS,
  DEFAULT_SHARDS,
  DEMO_STREAM_NAME,
  type DemoHandler,
  type DemoOptions,
  type DemoSettings,
  demoHandlers,
  demoSettings,
  HANDLER_KINDS,
  kindOf,
  MAX_RECORDS,
  MAX_SHARDS,
  PARTITIONINGS,
  type Partitioning,
} from './demo/settings.js';

/**
 * Runs the demo and releases everything it started (processes, ports) before it settles, whether it
 * succeeds, fails or is aborted through `signal`. Rejects with a DemoError naming the failing phase.
 */
export async function runDemo(options: DemoOptions = {}): Promise<DemoResult> {
  const settings = demoSettings(options);
  const { signal, onProgress } = options;
  const clock = new PhaseClock();
  const run = new RunResources();
  try {
    onProgress?.({ phase: 'starting' });
    const stack = await startPipeline(run, settings);
    throwIfInterrupted(signal, 'starting');

    clock.enter('producing');
    const sent = await produceRecords(stack.kinesis, settings, signal, onProgress);

    clock.enter('consuming');
    const mappings = await consumeStream(run, stack, settings, sent.records, options);

    clock.enter('reading');
    onProgress?.({ phase: 'reading' });
    const { metrics, series } = await readBack(run, stack, clock.startedMs, settings);

    const comparison = compareHandlers({
      settings,
      sent,
      metrics,
      ...(series === undefined ? {} : { series }),
      endpoints: Object.fromEntries(
        demoHandlers(settings).map((handler) => [handler, endpointOf(stack, handler).stats()]),
      ),
      mappings,
      earlyFlushes: run.earlyFlushes,
    });
    clock.stop();
    run.notePids();
    return {
      ...comparison,
      elapsedMs: clock.elapsedMs(),
      phasesMs: clock.phasesMs,
      settings,
      processes: run.processes,
    };
  } catch (error) {
    if (error instanceof DemoError) error.processes = run.processes;
    throw error;
  } finally {
    await run.release();
  }
}
