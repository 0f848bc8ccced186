/**
 * Limits of a Lambda event source mapping on a Kinesis stream, and of the Kinesis read it makes, each with
 * its source. The deployment (infra) checks its parameters against them and the local poller (apps/local)
 * enforces them, so both refuse what Lambda would.
 */

/** Event source mapping, Kinesis: BatchSize 1..10,000 (AWS::Lambda::EventSourceMapping, BatchSize). */
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

/** Kinesis GetRecords returns at most this many records per call (Kinesis API reference, GetRecords Limit). */
export const MAX_GET_RECORDS_LIMIT = 10_000;

/**
 * Event source mapping: TumblingWindowInSeconds 0 (off) to 900 (AWS::Lambda::EventSourceMapping; Lambda
 * developer guide, "Tumbling windows").
 */
export const MAX_TUMBLING_WINDOW_SECONDS = 900;

/**
 * A tumbling window's state: "a maximum of 1 MB per shard"; past it Lambda ends the window early (Lambda
 * developer guide, "Tumbling windows"). Read here as 1,000,000 bytes of the state's JSON: the stricter
 * reading, so that a handler the emulator accepts fits Lambda either way.
 */
export const LAMBDA_WINDOW_STATE_LIMIT_BYTES = 1_000_000;
