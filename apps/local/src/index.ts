/**
 * @cwagg/local: the whole cwagg pipeline on one machine. `pnpm demo` runs it from the command line;
 * these are its parts, for tests and for suites that run the pipeline with faults and kills.
 */
export { CLI_NAME, type CliOptions, FLAGS, HELP, parseCli } from './args.js';
export type { MappingResult, SeriesRow } from './demo/compare-series.js';
export {
  type ConsumerProgress,
  DEFAULT_BATCH_SIZE,
  DEFAULT_RECORDS,
  DEFAULT_SHARDS,
  DEMO_STREAM_NAME,
  DemoError,
  type DemoOptions,
  type DemoPhase,
  type DemoProcesses,
  type DemoProgress,
  type DemoResult,
  type DemoSettings,
  demoSettings,
  HANDLER_KINDS,
  type HandlerResult,
  MAX_RECORDS,
  MAX_SHARDS,
  PARTITIONINGS,
  type Partitioning,
  runDemo,
  type WindowedResult,
} from './demo.js';
export { handlerBundle, localFunctionEnvironment } from './handler-functions.js';
export { type HistogramBin, histogramOf } from './histogram.js';
export { main } from './main.js';
export { MappedExpectation, type SeriesValues, seriesKey } from './mapped-workload.js';
export { PRESET_NAMES, PRESETS, type Preset, type PresetName } from './presets.js';
export { type HandlerMetrics, type ReadBackOptions, readHandlerMetrics, singlePeriod } from './readback.js';
export { renderReport } from './report.js';
export { type HandlerSeries, readHandlerSeries } from './series-readback.js';
export { type LocalStack, type LocalStackOptions, startLocalStack } from './stack.js';
export {
  differences,
  STATISTIC_NAMES,
  type StatisticName,
  type Statistics,
  SUM_RELATIVE_TOLERANCE,
  statisticsOf,
} from './statistics.js';
export { renderTable, resultJson } from './table.js';
export {
  BAD_PAYLOADS,
  createWorkload,
  type ProducedValues,
  type Workload,
  type WorkloadOptions,
} from './workload.js';
