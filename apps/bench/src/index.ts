/** @cwagg/bench: the benchmark as a library, for scripts that compare runs or measure one piece. */
export { disagreements, overall, sameStatistics } from './agreement.js';
export {
  BUNDLE_NAMES,
  type BundleFigures,
  type BundleName,
  bundleHandler,
  type ImportTime,
  importOnce,
  measureBundles,
  prepareBundles,
} from './bundles.js';
export { type ChildOptions, LAMBDA_ENVIRONMENT, runInChild } from './child.js';
export { type Contender, createContender } from './contenders/index.js';
export { main } from './main.js';
export {
  type CostEntry,
  type CostResult,
  type CostTask,
  type DataOptions,
  type MeasureResult,
  type MeasureTask,
  measureContender,
  measureCost,
  runTask,
  type Task,
  type TaskResult,
} from './measure.js';
export {
  type BenchOptions,
  BYTES_PER_GB,
  CLI_NAME,
  DEFAULT_LOG_PRICE_PER_GB_USD,
  FLAGS,
  HELP,
  PHASE_NAMES,
  type PhaseName,
  parseBenchArgs,
} from './options.js';
export { captureOutput, type OutputSink, OutputTally, type PutMetricDataInput } from './output.js';
export {
  type MetricStatistics,
  type StatisticsByMetric,
  statisticsFromEmf,
  statisticsFromRequests,
} from './output-statistics.js';
export {
  locateDemo,
  measurePipeline,
  type PipelineFigures,
  type PipelineRun,
  parseDemoOutput,
} from './pipeline.js';
export { type CpuProfile, type HotFunction, hotFunctions, type ProfileWindow } from './profile.js';
export { jsonSummary, renderMarkdown } from './report.js';
export { measureRequests, type RequestBytes, requestBody } from './request-bytes.js';
export {
  type BenchResult,
  type ContenderFigures,
  type CostFigures,
  type Machine,
  type Progress,
  runBench,
  type WorkloadCost,
} from './run.js';
export { checkTargets, type TargetCheck } from './targets.js';
export { type Summary, summarize } from './timing-summary.js';
export * from './workloads.js';
