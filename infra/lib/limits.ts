/**
 * Service limits the deployment parameters are checked against, each with its source.
 * CloudWatch limits (namespace, metric name, storage resolution) come from `@cwagg/core`;
 * these are the Lambda, Kinesis, SQS and CloudWatch Logs ones that only the deployment needs.
 */

/** Lambda event source mapping, Kinesis: BatchSize 1..10,000 (AWS::Lambda::EventSourceMapping, BatchSize). */
export const MIN_BATCH_SIZE = 1;
export const MAX_BATCH_SIZE = 10_000;

/** Event source mapping: MaximumBatchingWindowInSeconds 0..300 (AWS::Lambda::EventSourceMapping). */
export const MAX_BATCHING_WINDOW_SECONDS = 300;

/** Event source mapping: ParallelizationFactor 1..10 batches per shard at once (AWS::Lambda::EventSourceMapping). */
export const MIN_PARALLELIZATION_FACTOR = 1;
export const MAX_PARALLELIZATION_FACTOR = 10;

/**
 * Event source mapping: MaximumRetryAttempts -1..10,000, where -1 means "until the record expires".
 * cwagg requires a bound (0..10,000): a poison record must not block its shard for the stream's whole retention.
 */
export const MAX_RETRY_ATTEMPTS = 10_000;

/**
 * Event source mapping: MaximumRecordAgeInSeconds -1 or 60..604,800 (7 days).
 * cwagg requires a bound, for the same reason as the retries.
 */
export const MIN_RECORD_AGE_SECONDS = 60;
export const MAX_RECORD_AGE_SECONDS = 604_800;

/** Kinesis Data Streams: retention 24..8,760 hours (AWS::Kinesis::Stream, RetentionPeriodHours). */
export const MIN_STREAM_RETENTION_HOURS = 24;
export const MAX_STREAM_RETENTION_HOURS = 8_760;

/** Lambda: memory 128..10,240 MB (Lambda quotas, "Function memory allocation"). */
export const MIN_LAMBDA_MEMORY_MB = 128;
export const MAX_LAMBDA_MEMORY_MB = 10_240;

/** Lambda: timeout 1..900 seconds (Lambda quotas, "Function timeout"). */
export const MAX_LAMBDA_TIMEOUT_SECONDS = 900;

/** SQS: messages are kept at most 14 days (Amazon SQS quotas, "Message retention"). */
export const MAX_SQS_RETENTION_DAYS = 14;
