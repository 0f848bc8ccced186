/** Phase 4, reading: what each handler published, read back from the CloudWatch endpoint with the SDK. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, TYPE_BY_KIND } from '@cwagg/kinesis';
import { type HandlerMetrics, readHandlerMetrics } from '../readback.js';
import { DemoError, errorMessage } from './error.js';
import type { RunResources } from './resources.js';
import { HANDLER_KINDS } from './settings.js';

/** Datapoints are timestamped when published; this margin either side of the run covers clock skew. */
const MARGIN_MS = 120_000;

/** The metrics of each handler, keyed by its `Type` dimension. */
export async function readBack(
  run: RunResources,
  cloudwatch: CloudWatchLocal,
  startedMs: number,
): Promise<Record<string, HandlerMetrics>> {
  try {
    run.cloudwatchClient = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    return await readHandlerMetrics(run.cloudwatchClient, {
      namespace: DEFAULT_NAMESPACE,
      metricName: DEFAULT_METRIC_NAME,
      types: HANDLER_KINDS.map((kind) => TYPE_BY_KIND[kind]),
      from: new Date(startedMs - MARGIN_MS),
      to: new Date(Date.now() + MARGIN_MS),
    });
  } catch (error) {
    throw new DemoError('reading', `reading the statistics back failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
