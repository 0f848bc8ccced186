/** Phase 1, starting: both emulators, then both functions, warmed so that a broken bundle stops the run here. */
import { startLocalFunction } from '@cwagg/local-lambda';
import { handlerBundle, localFunctionEnvironment } from '../handler-functions.js';
import { type LocalStack, startLocalStack } from '../stack.js';
import { DemoError, errorMessage } from './error.js';
import type { RunResources } from './resources.js';
import { type DemoSettings, HANDLER_KINDS } from './settings.js';

function functionEnvironment(endpoint: string, settings: DemoSettings): Record<string, string> {
  return localFunctionEnvironment(endpoint, {
    LOG_LEVEL: 'warn',
    ...(settings.valueField ? { VALUE_FIELD: settings.valueField } : {}),
    ...(settings.metrics ? { METRICS: settings.metrics } : {}),
  });
}

export async function startPipeline(run: RunResources, settings: DemoSettings): Promise<LocalStack> {
  try {
    const stack = await startLocalStack({ faultRate: settings.faultRate, faultSeed: settings.faultSeed });
    run.stack = stack;
    run.processes.kinesisLocal = stack.kinesis.pid;
    for (const kind of HANDLER_KINDS) {
      run.functions.set(
        kind,
        startLocalFunction({
          name: kind,
          bundleFile: handlerBundle(kind),
          env: functionEnvironment(stack.cloudwatch.endpoint, settings),
          maxContainers: settings.concurrency,
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
