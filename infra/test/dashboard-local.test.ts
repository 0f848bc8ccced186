/**
 * The local dashboard check: the dashboard this app deploys, its widgets' queries replayed through
 * GetMetricData against @cwagg/cloudwatch-local after a small run of both handlers, yields a value for
 * every query. A dashboard reading a metric name, dimension or statistic the handlers do not publish shows
 * an empty graph in AWS; here it fails a test.
 *
 * The run: one Kinesis batch of 200 records (5 of them malformed) through each handler's code from
 * @cwagg/kinesis, configured as the function stacks configure the deployed functions, publishing to the
 * endpoint started in-process. The metrics AWS services publish (AWS/Lambda for the functions, AWS/Kinesis
 * for the stream) are stood in for from the same run: its invocations, their measured duration, the
 * records' age and count.
 */
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { createAggregatedHandler, createSingleHandler, loadHandlerConfig } from '@cwagg/kinesis';
import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handlerEnvironment } from '../lib/environment.js';
import { HANDLERS } from '../lib/handlers.js';
import { type DashboardWidget, type WidgetQueries, widgetQueries } from './support/dashboard-queries.js';
import { createWorkspace, onlyResource, renderJoin, synthesize, type Workspace } from './support/synth.js';

/** The stream's name in the run: the template leaves the stream stack's reference as a placeholder. */
const LOCAL_STREAM = 'cwagg-local';
const RECORDS = 200;
/** The dashboard's default range is the last hour. */
const RANGE_MS = 3_600_000;

let workspace: Workspace;
let cloudwatch: CloudWatchLocal;
let client: CloudWatchClient;
let widgets: WidgetQueries[];

function localClient(endpoint: string): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    maxAttempts: 1,
  });
}

/** Both handlers over one batch, then the AWS/Lambda and AWS/Kinesis metrics that run would produce. */
async function smallRun(config: ReturnType<typeof synthesize>['config']): Promise<void> {
  const arrival = Date.now() - 2_000;
  const records = Array.from({ length: RECORDS }, (_, i) => ({
    data: i % 40 === 7 ? 'not a number' : String((i * 37) % 1_000),
    sequenceNumber: String(10_000 + i),
    approximateArrivalTimestamp: arrival,
  }));
  const event = lambdaEventFromRecords(records, {
    streamArn: `arn:aws:kinesis:us-east-1:000000000000:stream/${LOCAL_STREAM}`,
  });
  for (const spec of HANDLERS) {
    const handlerConfig = loadHandlerConfig(spec.kind, {
      ...handlerEnvironment(config, spec),
      CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
    });
    const dependencies = { config: handlerConfig, client, logSink: () => {} };
    const handler =
      spec.kind === 'aggregated' ? createAggregatedHandler(dependencies) : createSingleHandler(dependencies);
    const started = performance.now();
    const response = await handler(event, { getRemainingTimeInMillis: () => 60_000 });
    const durationMs = performance.now() - started;
    expect(response.batchItemFailures).toEqual([]);
    const FunctionName = spec.functionName;
    await client.send(
      new PutMetricDataCommand({
        Namespace: 'AWS/Lambda',
        MetricData: [
          {
            MetricName: 'Invocations',
            Dimensions: [{ Name: 'FunctionName', Value: FunctionName }],
            Value: 1,
            Unit: 'Count',
          },
          {
            MetricName: 'Errors',
            Dimensions: [{ Name: 'FunctionName', Value: FunctionName }],
            Value: 0,
            Unit: 'Count',
          },
          {
            MetricName: 'Duration',
            Dimensions: [{ Name: 'FunctionName', Value: FunctionName }],
            Value: durationMs,
            Unit: 'Milliseconds',
          },
          {
            MetricName: 'IteratorAge',
            Dimensions: [{ Name: 'FunctionName', Value: FunctionName }],
            Value: Date.now() - arrival,
            Unit: 'Milliseconds',
          },
        ],
      }),
    );
  }
  await client.send(
    new PutMetricDataCommand({
      Namespace: 'AWS/Kinesis',
      MetricData: [
        {
          MetricName: 'IncomingRecords',
          Dimensions: [{ Name: 'StreamName', Value: LOCAL_STREAM }],
          Value: RECORDS,
          Unit: 'Count',
        },
      ],
    }),
  );
}

beforeAll(async () => {
  workspace = createWorkspace();
  const synth = synthesize(workspace);
  const dashboard = onlyResource(synth.templates.dashboard, 'AWS::CloudWatch::Dashboard');
  const body = JSON.parse(renderJoin(dashboard.props.DashboardBody)) as { widgets: DashboardWidget[] };
  widgets = widgetQueries(body.widgets, RANGE_MS / 1000 + 60, (value) =>
    value === '<token>' ? LOCAL_STREAM : value,
  );
  // AWS/ namespaces are AWS services' own: the endpoint takes them only when told it stands in for them.
  cloudwatch = await startCloudWatchLocal({ allowAwsNamespaces: true });
  client = localClient(cloudwatch.endpoint);
  await smallRun(synth.config);
});

afterAll(async () => {
  client?.destroy();
  await cloudwatch?.stop();
  workspace?.cleanup();
});

describe('the dashboard, read back locally after a small run', () => {
  it('has metric widgets to check', () => {
    expect(widgets.length).toBeGreaterThanOrEqual(7);
    expect(widgets.flatMap((w) => w.queries).length).toBeGreaterThanOrEqual(20);
  });

  it('yields a value for every query of every metric widget', async () => {
    const now = Date.now();
    const empty: string[] = [];
    for (const { title, queries } of widgets) {
      const { MetricDataResults = [] } = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(now - RANGE_MS),
          EndTime: new Date(now + 60_000),
          MetricDataQueries: queries,
        }),
      );
      for (const query of queries.filter((q) => q.ReturnData !== false)) {
        const results = MetricDataResults.filter((r) => r.Id === query.Id);
        const metric = query.MetricStat?.Metric;
        const what = `${title}: ${query.Label ?? query.Id} (${metric ? `${metric.Namespace} ${metric.MetricName} ${query.MetricStat?.Stat}` : query.Expression})`;
        if (results.length === 0 || results.some((r) => (r.Values ?? []).length === 0)) empty.push(what);
      }
    }
    expect(empty, 'queries with no value').toEqual([]);
  });

  it('shows what the run did: every record in, the malformed ones counted, fewer calls aggregated', async () => {
    const now = Date.now();
    const read = async (title: RegExp) => {
      const widget = widgets.find((w) => title.test(w.title));
      const { MetricDataResults = [] } = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(now - RANGE_MS),
          EndTime: new Date(now + 60_000),
          MetricDataQueries: widget?.queries ?? [],
        }),
      );
      return Object.fromEntries(
        MetricDataResults.map((r) => [r.Label, (r.Values ?? []).reduce((a, b) => a + b, 0)]),
      );
    };
    const malformed = Array.from({ length: RECORDS }, (_, i) => i).filter((i) => i % 40 === 7).length;
    expect(await read(/^Invalid records/)).toEqual({ single: malformed, aggregated: malformed });
    expect(await read(/values published/)).toEqual({
      'records into the stream': RECORDS,
      'single values': RECORDS - malformed,
      'aggregated values': RECORDS - malformed,
    });
    const calls = await read(/calls in the time range/);
    expect(calls.single).toBe(RECORDS - malformed);
    expect(calls.aggregated).toBeLessThan(calls.single as number);
  });
});
