/**
 * A Kinesis handler recording every value with Powertools Metrics (EMF lines, no SDK), for the bundle
 * comparison. Bundled by the bench (src/bundles.ts), never imported.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

const metrics = new Metrics({ namespace: 'PutMetricDataExample', serviceName: 'cwagg-bench' });

export const handler = async (event: { Records?: { kinesis: { data: string } }[] }) => {
  for (const record of event.Records ?? []) {
    const value = parseFloat(Buffer.from(record.kinesis.data, 'base64').toString());
    if (!Number.isNaN(value)) metrics.addMetric('PutMetricDataExample', MetricUnit.NoUnit, value);
  }
  metrics.publishStoredMetrics();
  return { batchItemFailures: [] };
};
