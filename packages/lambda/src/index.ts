/**
 * `@cwagg/lambda`: @cwagg/core in AWS Lambda. `withMetrics` (any handler) and `metricsMiddleware` (middy)
 * give the handler a MetricsBuffer and flush it before each invocation returns, within the time it has left.
 */
export type { FlushReport, MetricsBuffer, RecordOptions } from '@cwagg/core';
export type { LambdaContext, MetricsContext } from './lambda-context.js';
export { type MetricsMiddleware, type MiddyRequest, metricsMiddleware } from './middleware.js';
export {
  type ColdStartMetricOptions,
  type InvocationOptions,
  LAMBDA_METRICS_DEFAULTS,
  type LambdaBufferOptions,
  type LambdaMetricsOptions,
} from './options.js';
export { type HandlerWithMetrics, type WrappedHandler, withMetrics } from './with-metrics.js';
