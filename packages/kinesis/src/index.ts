export { decodeBase64, decodeBase64Into, NOT_BASE64, TOO_LONG } from './base64.js';
export { CONNECTION_TIMEOUT_MS, createCloudWatchClient } from './client.js';
export {
  CALLS_METRIC_NAME,
  DEFAULT_METRIC_NAME,
  DEFAULT_NAMESPACE,
  DEFAULT_REQUEST_TIMEOUT_MS,
  type HandlerConfig,
  HandlerConfigError,
  type HandlerKind,
  INVALID_RECORDS_METRIC_NAME,
  type LogLevel,
  loadHandlerConfig,
  TYPE_BY_KIND,
  TYPE_DIMENSION,
} from './config.js';
export { type DecodedBatch, type DecodeOptions, decodeBatch, type InvalidRecord } from './decode.js';
export {
  createAggregatedHandler,
  createSingleHandler,
  type HandlerDependencies,
  handlerFromEnvironment,
  INVALID_SAMPLE_SIZE,
  type InvocationContext,
  type KinesisHandler,
  RESPONSE_MARGIN_MS,
} from './handlers.js';
export { type DeaggregateOutcome, deaggregate, isKplAggregate, KPL_MAGIC } from './kpl.js';
export { createLogger, type Logger, type LogSink } from './log.js';
export {
  type ParseOptions,
  type ParseOutcome,
  parseBase64Decimal,
  parseBase64DecimalInto,
  parseDecimalPayload,
  parseJsonFieldPayload,
  parsePayload,
  parseSimpleDecimal,
} from './parse.js';
export { batchResponse, retryPoint } from './response.js';
export { createRunPlanner, type Run, type RunPlanner } from './runs.js';
export { planSingleRequests, type SinglePlan, type SingleRequest } from './single-requests.js';
