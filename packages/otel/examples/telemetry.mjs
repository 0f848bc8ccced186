// The OpenTelemetry SDK set up once at startup: a MeterProvider whose standard
// PeriodicExportingMetricReader exports every minute to CloudWatch through CwaggMetricExporter.
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CwaggMetricExporter } from '@cwagg/otel';
import { metrics } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';

export function startTelemetry({ namespace, endpoint, region, onReport }) {
  const client = new CloudWatchClient({
    region,
    maxAttempts: 5,
    ...(endpoint === undefined
      ? {}
      : { endpoint, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }),
  });
  const exporter = new CwaggMetricExporter({
    namespace,
    client,
    // Only these attributes become dimensions; user.agent and the rest are aggregated away.
    attributes: { 'http.route': 'Route', 'http.response.status_code': 'Status' },
  });
  exporter.on('export', onReport ?? (() => {}));
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 60_000 });
  const provider = new MeterProvider({ readers: [reader] });
  metrics.setGlobalMeterProvider(provider);
  return {
    exporter,
    /** Exports what is left, then stops; bounded by the exporter's own deadlines. */
    async shutdown() {
      await provider.shutdown();
      client.destroy();
    },
  };
}
