/** Phase 1, starting: both emulators, then both functions, warmed so that a broken bundle stops the run here. */
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { startLocalFunction } from '@cwagg/local-lambda';
import { handlerBundle, localFunctionEnvironment } from '../handler-functions.js';
import { type LocalStack, startLocalStack } from '../stack.js';
import { DemoError, errorMessage } from './error.js';
import type { RunResources } from './resources.js';
import { type DemoSettings, demoHandlers, kindOf } from './settings.js';

/** The windowed handler's log line for each publication before a window's end. */
const EARLY_FLUSH_LOG = '"message":"window state at its budget: published early';

function functionEnvironment(endpoint: string, settings: DemoSettings): Record<string, string> {
  return localFunctionEnvironment(endpoint, {
    LOG_LEVEL: 'warn',
    ...(settings.valueField ? { VALUE_FIELD: settings.valueField } : {}),
    ...(settings.metrics ? { METRICS: settings.metrics } : {}),
  });
}

export async function startPipeline(run: RunResources, settings: DemoSettings): Promise<LocalStack> {
  try {
    const stack = await startLocalStack({
      faultRate: settings.faultRate,
      faultSeed: settings.faultSeed,
      ...(settings.windowSeconds === null ? {} : { second: true }),
    });
    run.stack = stack;
    run.processes.kinesisLocal = stack.kinesis.pid;
    for (const handler of demoHandlers(settings)) {
      const endpoint =
        handler === 'windowed' ? (stack.second as CloudWatchLocal).endpoint : stack.cloudwatch.endpoint;
      run.functions.set(
        handler,
        startLocalFunction({
          name: handler,
          bundleFile: handlerBundle(kindOf(handler)),
          env: functionEnvironment(endpoint, settings),
          maxContainers: settings.concurrency,
          ...(handler === 'windowed'
            ? {
                onLog: (line: string) => {
                  if (line.includes(EARLY_FLUSH_LOG)) run.earlyFlushes += 1;
                },
              }
            : {}),
        }),
      );
    }
    // Cold starts now: a broken bundle or configuration stops the demo here, with its message.
    await Promise.all([...run.functions.values()].map((fn) => fn.warm(settings.concurrency)));
    return stack;
  } catch (error) {
    throw new DemoError('starting', `starting the pipeline failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
