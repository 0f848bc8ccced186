/**
 * `loadHandlerConfig`: the handler configuration, read and checked at once, METRICS included. A Lambda
 * handler uses `loadLambdaConfig` (lambda-config.ts), which loads the METRICS checks only when METRICS is set.
 */
import { type Environment, type HandlerConfig, type HandlerKind, readHandlerConfig } from './config.js';
import { readMetricsSetting } from './config-metrics.js';

/**
 * The checked configuration of a `kind` handler, read from `env`; throws one HandlerConfigError listing every
 * problem.
 *
 * @example
 * const config = loadHandlerConfig('aggregated', { NAMESPACE: 'Shop', UNIT: 'Milliseconds' });
 */
export function loadHandlerConfig(kind: HandlerKind, env: Environment = process.env): HandlerConfig {
  return readHandlerConfig(kind, env, readMetricsSetting);
}
