/**
 * Service limits the deployment parameters are checked against, each with its source.
 * CloudWatch limits (namespace, metric name, storage resolution) come from `@cwagg/core`, and the event source
 * mapping's (batch size, window, retries, record age) from `@cwagg/local-lambda`, whose local event source mapping enforces them;
 * these are the Lambda, Kinesis, SQS and CloudWatch Logs ones that only the deployment needs.
 */

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

/** Lambda: the environment variables of a function take at most 4 KB in all (Lambda quotas, "Environment variables"). */
export const MAX_LAMBDA_ENVIRONMENT_BYTES = 4_096;
