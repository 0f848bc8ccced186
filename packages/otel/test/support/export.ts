/** Driving an exporter by hand: collect from a reader that asks the exporter's own selectors, then export. */
import type { ResourceMetrics } from '@opentelemetry/sdk-metrics';
import type { ExportResult } from '../../src/exporter/export-result.js';
import type { CwaggMetricExporter } from '../../src/index.js';
import { TestReader } from './sdk.js';

export function readerFor(exporter: CwaggMetricExporter): TestReader {
  return new TestReader(
    (type) => exporter.selectAggregationTemporality(type),
    (type) => exporter.selectAggregation(type),
  );
}

export function exportOnce(exporter: CwaggMetricExporter, metrics: ResourceMetrics): Promise<ExportResult> {
  return new Promise((resolve) => exporter.export(metrics, resolve));
}
