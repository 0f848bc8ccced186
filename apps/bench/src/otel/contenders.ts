/**
 * The three routes from a service's latencies to CloudWatch, as a service would set each up: the
 * OpenTelemetry SDK with CwaggMetricExporter (PutMetricData; the client answers at once after serialising
 * the request as the SDK would), the OpenTelemetry SDK with an embedded-metric-format writer (log lines),
 * and Powertools Metrics (`addMetric` per value, EMF log lines of raw values). Each records values under a
 * route and exports when asked; the network is left out.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { CwaggMetricExporter } from '@cwagg/otel';
import type { Histogram } from '@opentelemetry/api';
import { MeterProvider, MetricReader, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import type { OutputSink } from '../output.js';
import { requestBody } from '../request-bytes.js';
import { EmfMetricExporter } from './emf-exporter.js';
import { OTEL_METRIC, OTEL_NAMESPACE, OTEL_ROUTES } from './workload.js';

export const OTEL_CONTENDERS = ['otelCwagg', 'otelEmf', 'powertools'] as const;
export type OtelContenderName = (typeof OTEL_CONTENDERS)[number];

export interface OtelContender {
  record(route: number, value: number): void;
  /** What the service does every export interval. */
  export(): Promise<void>;
  close(): Promise<void>;
}

const ROUTE_ATTRIBUTE = 'http.route';

/** Collects and exports when told to: the PeriodicExportingMetricReader's work, without its timer. */
class OnDemandReader extends MetricReader {
  constructor(private readonly exporter: PushMetricExporter) {
    super({
      aggregationTemporalitySelector: (type) => exporter.selectAggregationTemporality?.(type) ?? (0 as never),
      aggregationSelector: (type) => exporter.selectAggregation?.(type) ?? ({ type: 0 } as never),
    });
  }

  async exportNow(): Promise<void> {
    const { resourceMetrics } = await this.collect();
    await new Promise<void>((resolve, reject) =>
      this.exporter.export(resourceMetrics, (result) =>
        result.code === 0 ? resolve() : reject(result.error ?? new Error('export failed')),
      ),
    );
  }

  protected override onForceFlush(): Promise<void> {
    return this.exporter.forceFlush();
  }

  protected override onShutdown(): Promise<void> {
    return this.exporter.shutdown();
  }
}

function otelContender(exporter: PushMetricExporter): OtelContender {
  const reader = new OnDemandReader(exporter);
  const provider = new MeterProvider({ readers: [reader] });
  const histogram: Histogram = provider.getMeter('bench').createHistogram(OTEL_METRIC, { unit: 'ms' });
  // One attributes object per route, as instrumentation holds them.
  const attributes = OTEL_ROUTES.map((route) => ({ [ROUTE_ATTRIBUTE]: route }));
  return {
    record: (route, value) => histogram.record(value, attributes[route]),
    export: () => reader.exportNow(),
    close: () => provider.shutdown(),
  };
}

/** A CloudWatch client whose `send` serialises the request as the SDK would, hands it over, and succeeds. */
function instantClient(sink: OutputSink): Pick<CloudWatchClient, 'send'> {
  const send = async (command: PutMetricDataCommand) => {
    requestBody(command.input);
    sink.request(command.input);
    return { $metadata: { attempts: 1 } };
  };
  return { send } as unknown as Pick<CloudWatchClient, 'send'>;
}

export function createOtelContender(name: OtelContenderName, sink: OutputSink): OtelContender {
  switch (name) {
    case 'otelCwagg':
      return otelContender(
        new CwaggMetricExporter({
          namespace: OTEL_NAMESPACE,
          client: instantClient(sink),
          attributes: { [ROUTE_ATTRIBUTE]: 'Route' },
        }),
      );
    case 'otelEmf':
      return otelContender(new EmfMetricExporter(OTEL_NAMESPACE, [ROUTE_ATTRIBUTE]));
    case 'powertools':
      return powertoolsContender();
  }
}

/**
 * Powertools Metrics holds one dimension set per instance: one instance per route, `addMetric` per value
 * (it writes a line itself every 100 values of a metric), the rest published at each export.
 */
function powertoolsContender(): OtelContender {
  // Default dimensions: plain ones are cleared at every publish.
  const byRoute = OTEL_ROUTES.map(
    (route) =>
      new Metrics({
        namespace: OTEL_NAMESPACE,
        serviceName: 'cwagg-bench',
        defaultDimensions: { [ROUTE_ATTRIBUTE]: route },
      }),
  );
  return {
    record: (route, value) =>
      (byRoute[route] as Metrics).addMetric(OTEL_METRIC, MetricUnit.Milliseconds, value),
    export: async () => {
      for (const metrics of byRoute) metrics.publishStoredMetrics();
    },
    close: async () => {},
  };
}
