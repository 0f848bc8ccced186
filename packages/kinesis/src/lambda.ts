/**
 * `@cwagg/kinesis/lambda`: what a Lambda handler app imports, and nothing else. A bundler splits the code a
 * handler loads on demand (tumbling windows, the field mapping: lazy.ts) from its cold start only when no
 * static import reaches it; the package's main entry re-exports those modules for other users, so a handler
 * app imports from here.
 */
export { CONNECTION_TIMEOUT_MS, createCloudWatchClient } from './client.js';
export { type HandlerConfig, HandlerConfigError, type HandlerKind, loadHandlerConfig } from './config.js';
export {
  createAggregatedHandler,
  createSingleHandler,
  type HandlerDependencies,
  handlerFromEnvironment,
  type InvocationContext,
  type KinesisHandler,
} from './handlers.js';
export { LazyLoadError } from './lazy.js';
