/**
 * `loadLambdaConfig`: the handler configuration for a Lambda cold start. It is `loadHandlerConfig`, except
 * that the METRICS checks (about 6 KB of a minified bundle) are imported only when METRICS is set, with the
 * other optional parts (optional-parts.ts): a handler without a mapping does not load them.
 */
import { type Environment, type HandlerConfig, type HandlerKind, readHandlerConfig } from './config.js';
import type { MetricsReader } from './config-mapping.js';
import { lazily } from './lazy.js';

const loadMetricsReader = lazily(
  'the METRICS checks',
  async (): Promise<MetricsReader> => (await import('./optional-parts.js')).readMetricsSetting,
);

/**
 * The checked configuration of a `kind` handler, read from `env`; rejects with one HandlerConfigError listing
 * every problem (or a LazyLoadError when the METRICS checks are missing from the bundle). Awaited at the top
 * of the handler's module, a bad configuration still stops the function at cold start.
 *
 * @example
 * const config = await loadLambdaConfig('aggregated', process.env);
 * export const handler = createAggregatedHandler({ config, client: createCloudWatchClient(config) });
 */
export async function loadLambdaConfig(
  kind: HandlerKind,
  env: Environment = process.env,
): Promise<HandlerConfig> {
  const readMetrics = env.METRICS ? await loadMetricsReader() : undefined;
  return readHandlerConfig(kind, env, readMetrics);
}
