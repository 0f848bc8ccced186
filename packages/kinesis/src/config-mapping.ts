/**
 * The mapping part of the handler configuration: METRICS (one directive shaped like an embedded-metric-format
 * `CloudWatchMetrics` entry) and RECORD_DIRECTIVE_NAMESPACES (records that carry their own directive), checked
 * at cold start with the rest, every problem named.
 */
import { namespaceProblem } from '@cwagg/core/limits';
// The checks alone: @cwagg/core/mapping would bring its readers into every cold start, which only the mapped
// decoder uses (loaded on demand).
import { type CompiledDirective, checkDirective } from '@cwagg/core/mapping/directive';

type Environment = Readonly<Record<string, string | undefined>>;

/** Settings of the seed's single metric, which METRICS replaces: set together, one would be ignored. */
const SEED_ONLY_SETTINGS = ['METRIC_NAME', 'UNIT', 'STORAGE_RESOLUTION', 'VALUE_FIELD'] as const;

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
): MappingSettings {
  const settings: MappingSettings = {};
  const raw = env.METRICS;
  if (raw) {
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
      if (compiled !== undefined) settings.mapping = compiled;
    }
    for (const name of SEED_ONLY_SETTINGS) {
      if (env[name]) {
        problems.push(
          `${name} does not apply with METRICS, which names each metric, its member (Name or Path), unit and storage resolution`,
        );
      }
    }
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
