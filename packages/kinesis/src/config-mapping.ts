/**
 * The mapping part of the handler configuration: METRICS (one directive shaped like an embedded-metric-format
 * `CloudWatchMetrics` entry) and RECORD_DIRECTIVE_NAMESPACES (records that carry their own directive), checked
 * at cold start with the rest, every problem named.
 */
import { namespaceProblem } from '@cwagg/core/limits';
import type { CompiledDirective } from '@cwagg/core/mapping/directive';
// A type only: METRICS is read by an argument, so that a Lambda cold start without METRICS loads none of
// the code that checks it (lambda-config.ts).
import type { Environment } from './config.js';
import type { readMetricsSetting } from './config-metrics.js';

/** Reads and checks METRICS: `readMetricsSetting` of config-metrics.ts. */
export type MetricsReader = typeof readMetricsSetting;

export interface MappingSettings {
  mapping?: CompiledDirective;
  recordDirectiveNamespaces?: ReadonlySet<string>;
}

/**
 * Reads METRICS and RECORD_DIRECTIVE_NAMESPACES. `namespace` is NAMESPACE (or its default), `dimensions` the
 * handler's own (DIMENSIONS and Type), which every mapped metric carries too.
 */
export function readMappingSettings(
  env: Environment,
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  problems: string[],
  readMetrics: MetricsReader | undefined,
): MappingSettings {
  const settings: MappingSettings = {};
  const raw = env.METRICS;
  if (raw) {
    if (readMetrics === undefined) throw new Error('METRICS is set, and its checks were not loaded');
    const mapping = readMetrics(raw, env, namespace, dimensions, problems);
    if (mapping !== undefined) settings.mapping = mapping;
  }
  const allowed = env.RECORD_DIRECTIVE_NAMESPACES;
  if (allowed) {
    const names = allowed.split(',').map((name) => name.trim());
    for (const name of names) {
      const problem = name === '' ? 'an entry is empty' : namespaceProblem(name);
      if (problem !== undefined) problems.push(`RECORD_DIRECTIVE_NAMESPACES: ${problem}`);
    }
    settings.recordDirectiveNamespaces = new Set(names.filter((name) => name !== ''));
  }
  return settings;
}
