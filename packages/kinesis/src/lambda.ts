/**
 * `@cwagg/kinesis/lambda`: what a Lambda handler app imports, and nothing else. A bundler splits the code a
 * handler loads on demand (tumbling windows, the field mapping, the VALUE_FIELD readers, the METRICS checks:
 * lazy.ts) from its cold start only when no static import reaches it; the package's main entry re-exports
 * those modules for other users, so a handler app imports from here.
 */
export { CONNECTION_TIMEOUT_MS, createCloudWatchClient } from './client.js';
export { type HandlerConfig, HandlerConfigError, type HandlerKind } from './config.js';
export { handlerFromEnvironment } from './from-environment.js';
export {
  createAggregatedHandler,
  createSingleHandler,
  type HandlerDependencies,
  type InvocationContext,
  type KinesisHandler,
} from './handlers.js';
export { loadLambdaConfig } from './lambda-config.js';
export { LazyLoadError } from './lazy.js';
