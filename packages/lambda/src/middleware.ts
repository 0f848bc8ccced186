/**
 * `metricsMiddleware(options)`: the same as `withMetrics`, as a middy middleware. Typed structurally, so that
 * this package needs neither middy nor `@types/aws-lambda` at run time or to compile against.
 */
import type { MetricsBuffer } from '@cwagg/core';
import { InvocationMetrics } from './invocation-metrics.js';
import type { LambdaContext, MetricsContext } from './lambda-context.js';
import { type LambdaMetricsOptions, resolveLambdaMetricsOptions } from './options.js';

/** The part of middy's request the middleware reads and writes. */
export interface MiddyRequest<TContext extends LambdaContext = LambdaContext> {
  context: TContext;
}

/** A middy middleware object (`before`, `after`, `onError`), and the buffer it gives the handler. */
export interface MetricsMiddleware {
  readonly metrics: MetricsBuffer;
  /** Puts the buffer in `request.context.metrics`; records the cold start on the first invocation. */
  before(request: MiddyRequest): void;
  /** Flushes within the time the invocation has left. */
  after(request: MiddyRequest): Promise<void>;
  /** Flushes too, and lets the error go on: an invocation that throws still sends what it recorded. */
  onError(request: MiddyRequest): Promise<void>;
}

/**
 * A middy middleware that gives the handler a MetricsBuffer in `context.metrics` and flushes it after the
 * handler, or when it throws, within the time the invocation has left. Use it first, so that its flush runs
 * after every other middleware's `after`.
 *
 * @example
 * export const handler = middy()
 *   .use(metricsMiddleware({ namespace: 'Shop', coldStartMetric: true }))
 *   .handler(async (event: Order, context) => {
 *     (context as Context & MetricsContext).metrics.record('Orders', 1, { unit: 'Count' });
 *   });
 */
export function metricsMiddleware(options: LambdaMetricsOptions): MetricsMiddleware {
  const invocation = new InvocationMetrics(resolveLambdaMetricsOptions(options));
  // Each returns undefined: a value returned from a middy middleware would become the response.
  const flush = async (request: MiddyRequest): Promise<void> => {
    await invocation.end(request?.context);
  };
  return {
    metrics: invocation.metrics,
    before(request: MiddyRequest): void {
      request.context = invocation.begin(request.context) as LambdaContext & MetricsContext;
    },
    after: flush,
    onError: flush,
  };
}
