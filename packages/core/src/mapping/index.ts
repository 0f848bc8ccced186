/**
 * `@cwagg/core/mapping`: events with fields become metrics with dimensions. One directive, in the shape of an
 * embedded-metric-format `CloudWatchMetrics` entry, says which members are metrics and which are dimensions;
 * the Kinesis handlers read records with it, and a service reads its own events with the same directive.
 *
 * @example
 * import { MetricMapping } from '@cwagg/core/mapping';
 * const mapping = new MetricMapping(JSON.parse(process.env.METRICS), { namespace: 'Shop' });
 * for (const { metric, value } of mapping.map(event).values) metrics.record(metric.name, value, metric);
 */
export { CardinalityScope, FOLD_SAMPLE_SIZE, type FoldReport, type KeptValues } from './cardinality.js';
export {
  type CompiledDimension,
  type CompiledDirective,
  type CompiledMetric,
  checkDirective,
  compileDirective,
  DEFAULT_MAX_DIMENSION_VALUES,
  DEFAULT_OVERFLOW_VALUE,
  type DimensionOption,
  type DirectiveMetric,
  type DirectiveOptions,
  directiveProblems,
  MAX_DIMENSION_VALUES_CAP,
  MAX_PATH_DEPTH,
  type MetricDirective,
} from './directive.js';
export { type MappedEvent, type MappedValue, MetricMapping, type SetAsideValue } from './metric-mapping.js';
export {
  type DimensionReading,
  describeJsonValue,
  dimensionFromText,
  type MetricReading,
  missingDimension,
  missingMetric,
  outOfRange,
  readDimension,
  readMetric,
  SET_ASIDE_REASONS,
  type SetAside,
  type SetAsideReason,
} from './read.js';
