/**
 * What this package reads of Lambda's invocation context, written out here so that neither it nor its users
 * need `@types/aws-lambda`: the `Context` the runtime passes (and that type) has these members and more.
 */
import type { MetricsBuffer } from '@cwagg/core';

/** The part of Lambda's `Context` the wrappers use. */
export interface LambdaContext {
  /** Names the cold-start metric's `FunctionName` dimension. */
  readonly functionName?: string;
  /** Milliseconds left before Lambda stops the invocation: the flush ends before that. */
  getRemainingTimeInMillis?(): number;
}

/** What the wrappers add to the context the handler receives: the buffer to record into. */
export interface MetricsContext {
  readonly metrics: MetricsBuffer;
}
