/**
 * The mapping parameters: `metrics` (or `metricsFile`), the handlers' METRICS, and `recordDirectiveNamespaces`,
 * their RECORD_DIRECTIVE_NAMESPACES. Checked at synth with the rules the handlers apply at cold start, so a
 * mapping they would refuse never deploys; the namespaces the functions may write follow from them.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { namespaceProblem } from '@cwagg/core/limits';
import { checkDirective } from '@cwagg/core/mapping';
import { TYPE_DIMENSION } from '@cwagg/kinesis';

export interface MappingParameters {
  /** The handlers' METRICS, as JSON: one directive shaped like an embedded-metric-format CloudWatchMetrics entry. */
  readonly metrics: string | undefined;
  /** Namespaces records may carry their own directive for (RECORD_DIRECTIVE_NAMESPACES); none by default. */
  readonly recordDirectiveNamespaces: readonly string[];
}

/** Parameters METRICS replaces: given beside it, one of the two would be ignored. */
const SEED_ONLY = ['metricName', 'unit', 'valueField'] as const;

function shown(raw: unknown): string {
  return JSON.stringify(raw);
}

/** The directive from `metrics` (a JSON string, or an object from cdk.json) or from the file `metricsFile`. */
function directiveText(context: Readonly<Record<string, unknown>>, problems: string[]): string | undefined {
  const inline = context.metrics;
  const file = context.metricsFile;
  if (inline !== undefined && file !== undefined) {
    problems.push('metrics and metricsFile: give one of them');
    return undefined;
  }
  if (file !== undefined) {
    if (typeof file !== 'string' || file === '') {
      problems.push(`metricsFile: must be a path to a JSON file (got ${shown(file)})`);
      return undefined;
    }
    try {
      return readFileSync(resolve(file), 'utf8');
    } catch (error) {
      problems.push(`metricsFile: cannot read ${resolve(file)}: ${(error as Error).message}`);
      return undefined;
    }
  }
  if (inline === undefined) return undefined;
  return typeof inline === 'string' ? inline : JSON.stringify(inline);
}

/**
 * Reads and checks the mapping parameters. `namespace` and `dimensions` are the checked `namespace` and
 * `dimensions` parameters: the directive may name its own namespace only if it is that one, and its metrics
 * carry those dimensions and the handlers' `Type` too.
 */
export function readMappingParameters(
  context: Readonly<Record<string, unknown>>,
  namespace: string,
  dimensions: Readonly<Record<string, string>>,
  problems: string[],
): MappingParameters {
  let metrics: string | undefined;
  const text = directiveText(context, problems);
  const key = context.metricsFile !== undefined ? 'metricsFile' : 'metrics';
  if (text !== undefined) {
    let directive: unknown;
    try {
      directive = JSON.parse(text);
    } catch (error) {
      problems.push(`${key}: not valid JSON (${(error as Error).message})`);
    }
    if (directive !== undefined) {
      const found = checkDirective(directive, {
        namespace,
        dimensions: { ...dimensions, [TYPE_DIMENSION]: 'x' },
      }).problems;
      for (const problem of found) problems.push(`${key}: ${problem}`);
      const named = (directive as { Namespace?: unknown }).Namespace;
      if (context.namespace !== undefined && typeof named === 'string' && named !== namespace) {
        problems.push(
          `${key}: names the namespace "${named}" but the namespace parameter is "${namespace}": set one of them`,
        );
      }
      for (const seedOnly of SEED_ONLY) {
        if (context[seedOnly] !== undefined) {
          problems.push(
            `${seedOnly}: does not apply with ${key}, which names each metric, its field and unit`,
          );
        }
      }
      // Compact, as it goes into the functions' environment (4 KB in all).
      if (found.length === 0) metrics = JSON.stringify(directive);
    }
  }
  const raw = context.recordDirectiveNamespaces;
  let recordDirectiveNamespaces: string[] = [];
  if (raw !== undefined) {
    const list = typeof raw === 'string' ? raw.split(',').map((name) => name.trim()) : raw;
    if (!Array.isArray(list) || list.some((name) => typeof name !== 'string')) {
      problems.push(
        `recordDirectiveNamespaces: must be a comma-separated list of namespaces, e.g. "Functions,Billing" (got ${shown(raw)})`,
      );
    } else {
      for (const name of list as string[]) {
        const problem = name === '' ? 'an entry is empty' : namespaceProblem(name);
        if (problem !== undefined) problems.push(`recordDirectiveNamespaces: ${problem}`);
      }
      recordDirectiveNamespaces = list as string[];
    }
  }
  return { metrics, recordDirectiveNamespaces };
}

/** The namespace the functions publish in: the directive's own, or the namespace parameter. */
export function publishedNamespace(config: { namespace: string; metrics: string | undefined }): string {
  const named =
    config.metrics === undefined ? undefined : (JSON.parse(config.metrics) as { Namespace?: string });
  return named?.Namespace ?? config.namespace;
}

/** Every namespace the functions may write in: their own and the record directives'. The IAM condition lists these. */
export function writableNamespaces(config: {
  namespace: string;
  metrics: string | undefined;
  recordDirectiveNamespaces: readonly string[];
}): string[] {
  return [...new Set([publishedNamespace(config), ...config.recordDirectiveNamespaces])];
}
