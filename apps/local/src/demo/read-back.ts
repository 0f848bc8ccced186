/** Phase 4, reading back: each column's statistics from the CloudWatch endpoint it published to, with the SDK. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { DEFAULT_METRIC_NAME, loadHandlerConfig, TYPE_BY_KIND } from '@cwagg/kinesis';
import { type HandlerMetrics, readHandlerMetrics } from '../readback.js';
import { type HandlerSeries, readHandlerSeries } from '../series-readback.js';
import { type Endpoints, endpointOf } from './consume.js';
import { DemoError, errorMessage } from './error.js';
import type { RunResources } from './resources.js';
import { type DemoHandler, type DemoSettings, demoHandlers, kindOf } from './settings.js';

/** Datapoints are timestamped when published; this margin either side of the run covers clock skew. */
const MARGIN_MS = 120_000;

export interface ReadBackResult {
  /** Per column: the value metric (the seed's) and the handler's own counts. */
  metrics: Partial<Record<DemoHandler, HandlerMetrics>>;
  /** With METRICS: every series per column. */
  series?: Partial<Record<DemoHandler, HandlerSeries>>;
}

/** The metrics of each column, read by its `Type` dimension from its own endpoint. */
export async function readBack(
  run: RunResources,
  endpoints: Endpoints,
  startedMs: number,
  settings: Pick<DemoSettings, 'metrics'> & { windowSeconds?: DemoSettings['windowSeconds'] },
): Promise<ReadBackResult> {
  // The handlers' own reading of the configuration: the namespace METRICS may name.
  const config = loadHandlerConfig('aggregated', settings.metrics ? { METRICS: settings.metrics } : {});
  const from = new Date(startedMs - MARGIN_MS);
  const to = new Date(Date.now() + MARGIN_MS);
  const result: Required<ReadBackResult> = { metrics: {}, series: {} };
  try {
    const clients = new Map<string, CloudWatchClient>();
    for (const handler of demoHandlers({ windowSeconds: settings.windowSeconds ?? null })) {
      const { endpoint } = endpointOf(endpoints, handler);
      let client = clients.get(endpoint);
      if (client === undefined) {
        client = new CloudWatchClient({
          endpoint,
          region: 'us-east-1',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        });
        clients.set(endpoint, client);
        run.cloudwatchClients.push(client);
      }
      const type = TYPE_BY_KIND[kindOf(handler)];
      const metrics = await readHandlerMetrics(client, {
        namespace: config.namespace,
        metricName: config.mapping?.metrics[0]?.name ?? DEFAULT_METRIC_NAME,
        types: [type],
        from,
        to,
      });
      result.metrics[handler] = metrics[type] as HandlerMetrics;
      if (config.mapping === undefined) continue;
      const series = await readHandlerSeries(client, {
        namespace: config.namespace,
        types: [type],
        from,
        to,
      });
      result.series[handler] = series[type] as HandlerSeries;
    }
    return config.mapping === undefined ? { metrics: result.metrics } : result;
  } catch (error) {
    throw new DemoError('reading', `reading the statistics back failed: ${errorMessage(error)}`, {
      cause: error,
    });
  }
}
