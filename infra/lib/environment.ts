/**
 * The environment each function's handler reads and checks at cold start, and the bound Lambda puts on it.
 */
import { STANDARD_RESOLUTION } from '@cwagg/core/limits';
import type { InfraConfig } from './config.js';
import type { HandlerSpec } from './handlers.js';
import { MAX_LAMBDA_ENVIRONMENT_BYTES } from './limits.js';
import { publishedNamespace } from './mapping-config.js';

/**
 * The environment the handlers read and validate at cold start; optional settings only when given. With
 * METRICS, the seed's single-metric settings (METRIC_NAME, UNIT, STORAGE_RESOLUTION) are left out: the
 * handler refuses them beside it, as the mapping names its metrics itself.
 */
export function handlerEnvironment(
  config: Pick<
    InfraConfig,
    | 'namespace'
    | 'metricName'
    | 'unit'
    | 'dimensions'
    | 'valueField'
    | 'maxRelativeError'
    | 'metrics'
    | 'recordDirectiveNamespaces'
  >,
  handler: Pick<HandlerSpec, 'kind'>,
): Record<string, string> {
  const environment: Record<string, string> =
    config.metrics === undefined
      ? {
          NAMESPACE: config.namespace,
          METRIC_NAME: config.metricName,
          UNIT: config.unit,
          STORAGE_RESOLUTION: String(STANDARD_RESOLUTION),
        }
      : { NAMESPACE: publishedNamespace(config), METRICS: config.metrics };
  environment.NODE_OPTIONS = '--enable-source-maps';
  if (Object.keys(config.dimensions).length > 0) environment.DIMENSIONS = JSON.stringify(config.dimensions);
  if (config.valueField !== undefined) environment.VALUE_FIELD = config.valueField;
  if (config.recordDirectiveNamespaces.length > 0) {
    environment.RECORD_DIRECTIVE_NAMESPACES = config.recordDirectiveNamespaces.join(',');
  }
  // The single-value handler refuses MAX_RELATIVE_ERROR: it publishes every value as it is.
  if (config.maxRelativeError !== undefined && handler.kind === 'aggregated') {
    environment.MAX_RELATIVE_ERROR = String(config.maxRelativeError);
  }
  return environment;
}

/** Bytes of an environment as Lambda counts them against its quota: every name and value. */
export function environmentBytes(environment: Readonly<Record<string, string>>): number {
  return Object.entries(environment).reduce(
    (sum, [name, value]) => sum + Buffer.byteLength(name) + Buffer.byteLength(value),
    0,
  );
}

/** Why a configuration's environment would not deploy (over Lambda's 4 KB), or undefined when it fits. */
export function environmentProblem(config: Parameters<typeof handlerEnvironment>[0]): string | undefined {
  const bytes = environmentBytes(handlerEnvironment(config, { kind: 'aggregated' }));
  if (bytes <= MAX_LAMBDA_ENVIRONMENT_BYTES) return undefined;
  return `the functions' environment would take ${bytes} bytes, over Lambda's ${MAX_LAMBDA_ENVIRONMENT_BYTES} (shorten metrics, or drop dimensions)`;
}
