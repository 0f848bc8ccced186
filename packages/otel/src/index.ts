/**
 * `@cwagg/otel`: an OpenTelemetry PushMetricExporter for Amazon CloudWatch, on @cwagg/core's packing,
 * validation and publisher.
 */
export { CwaggConfigError } from '@cwagg/core';
export type { FoldedDimension } from './convert/cardinality-guard.js';
export type { DimensionAllowList } from './convert/dimensions.js';
export { geometricBoundaries } from './convert/geometric-boundaries.js';
export { exponentialRelativeError } from './convert/histogram-buckets.js';
export type { InstrumentIdentity, RejectedDataPoint } from './convert/metric-points.js';
export { cloudWatchUnit } from './convert/units.js';
export { CwaggMetricExporter, type ExporterStats } from './exporter/cwagg-metric-exporter.js';
export type {
  CwaggMetricExporterEvents,
  DropReason,
  DropReport,
  ExportKind,
  ExportReport,
  PublishErrorContext,
} from './exporter/export-report.js';
export { CwaggExportError } from './exporter/export-result.js';
export {
  type CwaggMetricExporterOptions,
  DEFAULT_EXPLICIT_BOUNDARIES,
  EXPORTER_DEFAULTS,
} from './exporter/options.js';
