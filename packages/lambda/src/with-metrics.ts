/**
 * `withMetrics(handler, options)`: a Lambda handler whose context carries a MetricsBuffer, flushed before
 * each invocation returns, and before it throws. For functions without middy.
 */
import type { MetricsBuffer } from '@cwagg/core';
import { InvocationMetrics } from './invocation-metrics.js';
import type { LambdaContext, MetricsContext } from './lambda-context.js';
import { type LambdaMetricsOptions, resolveLambdaMetricsOptions } from './options.js';

/** The handler you write: Lambda's event, and its context with `metrics`. */
export type HandlerWithMetrics<TEvent, TResult, TContext extends LambdaContext = LambdaContext> = (
  event: TEvent,
  context: TContext & MetricsContext,
) => Promise<TResult> | TResult;

/** The handler Lambda calls, and the buffer it records into (for code outside the handler, and tests). */
export interface WrappedHandler<TEvent, TResult, TContext extends LambdaContext = LambdaContext> {
  (event: TEvent, context: TContext): Promise<TResult>;
  readonly metrics: MetricsBuffer;
}

/**
 * Wraps `handler` so that each invocation's context has `metrics`, and what it recorded is flushed before the
 * invocation returns or throws (the handler's result or error is passed on unchanged). The options are
 * checked, and the buffer created, when the handler is wrapped: at cold start.
 *
 * @example
 * export const handler = withMetrics(async (event: Order, { metrics }) => {
 *   metrics.record('OrderValue', event.total, { unit: 'None' });
 *   return { ok: true };
 * }, { namespace: 'Shop', coldStartMetric: true });
 */
export function withMetrics<TEvent, TResult, TContext extends LambdaContext = LambdaContext>(
  handler: HandlerWithMetrics<TEvent, TResult, TContext>,
  options: LambdaMetricsOptions,
): WrappedHandler<TEvent, TResult, TContext> {
  if (typeof handler !== 'function') {
    throw new TypeError(`withMetrics needs a handler function (got ${typeof handler})`);
  }
  const invocation = new InvocationMetrics(resolveLambdaMetricsOptions(options));
  const wrapped = async (event: TEvent, context: TContext): Promise<TResult> => {
    const withBuffer = invocation.begin(context);
    try {
      return await handler(event, withBuffer);
    } finally {
      await invocation.end(context);
    }
  };
  return Object.assign(wrapped, { metrics: invocation.metrics });
}
