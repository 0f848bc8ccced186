/**
 * A Kinesis handler recording every value with aws-embedded-metrics (EMF lines, no SDK), for the bundle
 * comparison. Bundled by the bench (src/bundles.ts), never imported.
 */
import { createMetricsLogger, Unit } from 'aws-embedded-metrics';

export const handler = async (event: { Records?: { kinesis: { data: string } }[] }) => {
  const metrics = createMetricsLogger();
  metrics.setNamespace('PutMetricDataExample');
  for (const record of event.Records ?? []) {
    const value = parseFloat(Buffer.from(record.kinesis.data, 'base64').toString());
    if (!Number.isNaN(value)) metrics.putMetric('PutMetricDataExample', value, Unit.None);
  }
  await metrics.flush();
  return { batchItemFailures: [] };
};
