/**
 * The floor for cold start: a Kinesis handler that sends one PutMetricData with the same SDK client as the
 * cwagg handlers, and does nothing else. Bundled by the bench (src/bundles.ts), never imported.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';

const client = new CloudWatchClient({});

export const handler = async (event: { Records?: unknown[] }) => {
  await client.send(
    new PutMetricDataCommand({
      Namespace: 'PutMetricDataExample',
      MetricData: [{ MetricName: 'PutMetricDataExample', Value: event.Records?.length ?? 0 }],
    }),
  );
  return { batchItemFailures: [] };
};
