export {
  createKinesisClient,
  isLocalEndpoint,
  type KinesisClientOptions,
  LOCAL_DEFAULT_REGION,
  LOCAL_DUMMY_CREDENTIALS,
} from './client.js';
export {
  explainAwsError,
  ProducerError,
  type ProducerErrorCode,
  TemplateError,
  type TemplateProblem,
} from './errors.js';
export * from './limits.js';
export type { RecordFailure } from './pipeline.js';
export {
  type ProduceOptions,
  type ProduceProgress,
  ProduceRunError,
  type ProduceSummary,
  produce,
} from './produce.js';
export {
  createRecordSource,
  DEFAULT_TEMPLATE,
  type GeneratedRecord,
  generateRecords,
  type RecordOptions,
  type RecordSource,
} from './records.js';
export { listShardRanges, partitionKeysForShards, type ShardHashRange } from './shard-keys.js';
export {
  describeStream,
  type EnsureStreamOptions,
  ensureStream,
  type StreamInfo,
  waitForStreamActive,
} from './stream.js';
export { type CompiledTemplate, type CompileTemplateOptions, compileTemplate } from './template/compile.js';
export { listPlaceholders } from './template/placeholders.js';
export { TEMPLATES, WEB_EVENT_TEMPLATE } from './templates.js';
