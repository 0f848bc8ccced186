/**
 * @cwagg/local-lambda: Lambda and its Kinesis event source on one machine, for the demo, the bench and the
 * tests. Nothing here is deployed: the handler bundles never import it.
 */

export { type BatchOutcome, interpretResponse } from './batch-response.js';
export {
  type BundleFailure,
  type BundleHost,
  type BundleHostExit,
  type BundleHostOptions,
  BundleInvokeError,
  startBundleHost,
} from './bundle-host.js';
export {
  type EventSourceMapping,
  type EventSourceMappingOptions,
  type EventSourceMappingStats,
  startEventSourceMapping,
  type WaitOptions,
} from './event-source-mapping.js';
export {
  type EventSource,
  lambdaEventFromRecords,
  type StreamRecordInput,
  type WindowBounds,
  type WindowInvocationFields,
  windowedEvent,
} from './events.js';
export {
  type ContainerInfo,
  type LocalFunction,
  type LocalFunctionOptions,
  type LocalFunctionStats,
  startLocalFunction,
} from './functions.js';
export {
  KINESIS_LOCAL_LOG_LEVELS,
  type KinesisLocal,
  type KinesisLocalLogLevel,
  type KinesisLocalOptions,
  LOCAL_DEFAULT_REGION,
  startKinesisLocal,
} from './kinesis-local.js';
export {
  LAMBDA_WINDOW_STATE_LIMIT_BYTES,
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_GET_RECORDS_LIMIT,
  MAX_PARALLELIZATION_FACTOR,
  MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_BATCH_SIZE,
  MIN_PARALLELIZATION_FACTOR,
  MIN_RECORD_AGE_SECONDS,
} from './limits.js';
export { type BundleRun, type BundleRunOptions, invokeBundle, invokeZip, unpackZip } from './one-shot.js';
export {
  DEFAULT_MAX_RETRY_ATTEMPTS,
  type GivenUpBatch,
  type KinesisStreamEvent,
  MAX_BATCHING_WINDOW_MS,
  type PollerEvent,
  type ShardPoller,
  type ShardPollerOptions,
  type ShardPollerStats,
  type StartingPosition,
  startShardPoller,
} from './poller.js';
export { TumblingWindows, WINDOW_CLOSE_GRACE_MS } from './tumbling-window.js';
export { isRunning } from './util.js';
