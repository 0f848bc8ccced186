export {
  decodeBase64,
  decodeBase64Into,
  decodeBase64IntoBuffer,
  NOT_BASE64,
  TOO_LONG,
} from './base64.js';
export { parseBase64Decimal, parseBase64DecimalInto } from './base64-decimal.js';
export type { FoldedValue, MappedColumns, Series, SetAsideValue, ValueReason } from './batch.js';
export { releaseBatch } from './batch.js';
export { CONNECTION_TIMEOUT_MS, createCloudWatchClient } from './client.js';
export {
  CALLS_METRIC_NAME,
  DEFAULT_METRIC_NAME,
  DEFAULT_NAMESPACE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  FOLDED_DIMENSION,
  FOLDED_VALUES_METRIC_NAME,
  type HandlerConfig,
  HandlerConfigError,
  type HandlerKind,
  INVALID_RECORDS_METRIC_NAME,
  INVALID_VALUES_METRIC_NAME,
  type LogLevel,
  REASON_DIMENSION,
  TYPE_BY_KIND,
  TYPE_DIMENSION,
  writableNamespaces,
} from './config.js';
export { type DecodedBatch, type DecodeOptions, decodeBatch, type InvalidRecord } from './decode.js';
export {
  decodeKinesisRecords,
  FullDecodeNeeded,
  type RecordDecodeOptions,
  type RecordReaders,
} from './decode-records.js';
export { decoderFor } from './decoder-for.js';
export { handlerFromEnvironment } from './from-environment.js';
export { decodeRecordInFull, type FullRecordDecode } from './full-record-decode.js';
export { INVALID_SAMPLE_SIZE } from './handler-logs.js';
export {
  createAggregatedHandler,
  createSingleHandler,
  type HandlerDependencies,
  type InvocationContext,
  type KinesisHandler,
  RESPONSE_MARGIN_MS,
} from './handlers.js';
export { type DeaggregateOutcome, deaggregate, isKplAggregate, KPL_MAGIC } from './kpl.js';
export { loadLambdaConfig } from './lambda-config.js';
export { LazyLoadError } from './lazy.js';
export { loadHandlerConfig } from './load-config.js';
export { createLogger, type Logger, type LogSink } from './log.js';
export { buildFieldPlan, type FieldPlan } from './mapping/field-plan.js';
export { JsonFieldScanner } from './mapping/json-scan.js';
export { MappedDecoder, type MappedDecoderSettings } from './mapping/mapped-decode.js';
export {
  type ParseOptions,
  type ParseOutcome,
  parseDecimalPayload,
  parseJsonFieldPayload,
  parsePayload,
  parseSimpleDecimal,
} from './parse.js';
export { batchResponse, retryPoint } from './response.js';
export { createRunPlanner, type Run, type RunPlanner } from './runs.js';
export { OUTSIDE_TIME_WINDOW } from './self-metrics.js';
export { planSingleRequests, type SinglePlan, type SingleRequest } from './single-requests.js';
export { ValueFieldReader, valueFieldReader } from './value-field-reader.js';
export { StateFormatError } from './window/byte-codec.js';
export {
  decodeWindowState,
  encodeWindowState,
  type ReadState,
  STATE_FORMAT_VERSION,
  STATE_MEMBER,
  stateBytes,
  type WindowStateObject,
} from './window/state-codec.js';
export {
  type BucketStats,
  emptyContents,
  type SeriesValues,
  type WindowContents,
  type WindowMode,
} from './window/window-contents.js';
export { type TumblingWindow, windowOf } from './window/window-event.js';
export { type FoldOutcome, WindowFolder } from './window/window-fold.js';
export {
  LAMBDA_WINDOW_STATE_LIMIT_BYTES,
  MAX_TUMBLING_WINDOW_SECONDS,
  WINDOW_STATE_BUDGET_BYTES,
} from './window/window-limits.js';
export { type WindowPlan, WindowRequestPlanner } from './window/window-requests.js';
export type { WindowedResponse } from './window/windowed-handler.js';
