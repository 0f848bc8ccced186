/**
 * Limits of Lambda's tumbling windows on a Kinesis event source mapping, each with its source, and the budget
 * the windowed handler keeps its state under. @cwagg/local-lambda writes its own copy from the same guide, so
 * that the emulator checks the handler instead of echoing it.
 */

/**
 * TumblingWindowInSeconds: 0 (no window) to 900 (Lambda API reference, CreateEventSourceMapping; Lambda
 * developer guide, "Tumbling windows" for Kinesis).
 */
export const MAX_TUMBLING_WINDOW_SECONDS = 900;

/**
 * The state a window may carry: "a maximum of 1 MB per shard"; past it Lambda ends the window early (Lambda
 * developer guide, tumbling windows). Read as 1,000,000 bytes of the serialized state, the stricter reading.
 */
export const LAMBDA_WINDOW_STATE_LIMIT_BYTES = 1_000_000;

/**
 * The handler publishes what its state holds and starts afresh before the state would pass this: 80% of
 * Lambda's limit, so that the limit is never met unplanned whatever the guide's "MB" means.
 */
export const WINDOW_STATE_BUDGET_BYTES = 800_000;
