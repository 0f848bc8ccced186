/** Phase 4, reading: what each handler published, read back from the CloudWatch endpoint with the SDK. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { DEFAULT_METRIC_NAME, loadHandlerConfig, TYPE_BY_KIND } from '@cwagg/kinesis';
import { type HandlerMetrics, readHandlerMetrics } from '../readback.js';
import { type HandlerSeries, readHandlerSeries } from '../series-readback.js';
import { DemoError, errorMessage } from './error.js';
import type { RunResources } from './resources.js';
import { type DemoSettings, HANDLER_KINDS } from './settings.js';

/** Datapoints are timestamped when published; this margin either side of the run covers clock skew. */
const MARGIN_MS = 120_000;

export interface ReadBackResult {
  /** Per `Type`: the value metric (the seed's) and the handler's own counts. */
  metrics: Record<string, HandlerMetrics>;
  /** With METRICS: every series per `Type`. */
  series?: Record<string, HandlerSeries>;
}

/** The metrics of each handler, keyed by its `Type` dimension. */
export async function readBack(
  run: RunResources,
  cloudwatch: CloudWatchLocal,
  startedMs: number,
  settings: Pick<DemoSettings, 'metrics'>,
): Promise<ReadBackResult> {
  // The handlers' own reading of the configuration: the namespace METRICS may name.
  const config = loadHandlerConfig('aggregated', settings.metrics ? { METRICS: settings.metrics } : {});
  const from = new Date(startedMs - MARGIN_MS);
  const to = new Date(Date.now() + MARGIN_MS);
  const types = HANDLER_KINDS.map((kind) => TYPE_BY_KIND[kind]);
  try {
    run.cloudwatchClient = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const metrics = await readHandlerMetrics(run.cloudwatchClient, {
      namespace: config.namespace,
      metricName: config.mapping?.metrics[0]?.name ?? DEFAULT_METRIC_NAME,
      types,
      from,
      to,
    });
    if (config.mapping === undefined) return { metrics };
    const series = await readHandlerSeries(run.cloudwatchClient, {
      namespace: config.namespace,
      types,
      from,
      to,
    });
    return { metrics, series };
  } catch (error) {
    throw new DemoError('reading', `reading the statistics back failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
