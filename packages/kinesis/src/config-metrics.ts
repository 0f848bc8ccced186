/**
 * METRICS, read and checked: one directive shaped like an embedded-metric-format `CloudWatchMetrics` entry.
 * Its own module because the checks are the largest part of the configuration's code: a Lambda cold start
 * imports it only when METRICS is set (lambda-config.ts).
 */
import { type CompiledDirective, checkDirective } from '@cwagg/core/mapping/directive';
import type { Environment } from './config.js';

/** Settings of the seed's single metric, which METRICS replaces: set together, one would be ignored. */
const SEED_ONLY_SETTINGS = ['METRIC_NAME', 'UNIT', 'STORAGE_RESOLUTION', 'VALUE_FIELD'] as const;

/**
 * The directive METRICS (`raw`) holds, compiled, or undefined with every problem pushed to `problems`.
 * `namespace` is NAMESPACE (or its default), `dimensions` the handler's own (DIMENSIONS and Type), which every
 * mapped metric carries too.
 */
export function readMetricsSetting(
  raw: string,
  env: Environment,
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  problems: string[],
): CompiledDirective | undefined {
  let mapping: CompiledDirective | undefined;
  let directive: unknown;
  try {
    directive = JSON.parse(raw);
  } catch (error) {
    problems.push(`METRICS is not valid JSON (${(error as Error).message}): ${raw.slice(0, 80)}`);
  }
  if (directive !== undefined) {
    const { compiled, problems: found } = checkDirective(directive, { namespace, dimensions });
    for (const problem of found) problems.push(`METRICS: ${problem}`);
    const named = (directive as { Namespace?: unknown }).Namespace;
    if (env.NAMESPACE && typeof named === 'string' && named !== env.NAMESPACE) {
      problems.push(
        `METRICS names the namespace "${named}" and NAMESPACE is "${env.NAMESPACE}": set one of them (the handler publishes in one namespace)`,
      );
    }
    mapping = compiled;
  }
  for (const name of SEED_ONLY_SETTINGS) {
    if (env[name]) {
      problems.push(
        `${name} does not apply with METRICS, which names each metric, its member (Name or Path), unit and storage resolution`,
      );
    }
  }
  return mapping;
}
