/**
 * `handlerFromEnvironment`: a whole handler app in one call, for the handler's module to await at cold start.
 */
import { createCloudWatchClient } from './client.js';
import type { Environment, HandlerKind } from './config.js';
import { createAggregatedHandler, createSingleHandler, type KinesisHandler } from './handlers.js';
import { loadLambdaConfig } from './lambda-config.js';

/**
 * Reads and checks the environment once (loadLambdaConfig), then returns the handler Lambda calls. A bad
 * configuration rejects, which stops the function at cold start.
 *
 * @example
 * export const handler = await handlerFromEnvironment('single');
 */
export async function handlerFromEnvironment(
  kind: HandlerKind,
  env: Environment = process.env,
): Promise<KinesisHandler> {
  const config = await loadLambdaConfig(kind, env);
  const client = createCloudWatchClient(config);
  return kind === 'aggregated'
    ? createAggregatedHandler({ config, client })
    : createSingleHandler({ config, client });
}
