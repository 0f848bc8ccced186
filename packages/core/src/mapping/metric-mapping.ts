/**
 * A directive ready to use on a service's events: each event becomes the values to record, under each
 * dimension set, with the cardinality guard applied; what cannot be used comes back with its reason.
 */
import type { MetricDefinition } from '../types.js';
import { CardinalityScope, type FoldReport } from './cardinality.js';
import {
  type CompiledDirective,
  compileDirective,
  type DirectiveOptions,
  type MetricDirective,
} from './directive.js';
import { type DimensionReading, readDimension, readMetric, type SetAside } from './read.js';

export interface MappedValue {
  /** Name, unit, storage resolution and dimensions: what `Aggregator.add` and `MetricsBuffer.record` take. */
  metric: MetricDefinition;
  value: number;
}

export interface SetAsideValue extends SetAside {
  /** The metric the value was for. */
  metric: string;
}

export interface MappedEvent {
  /** One entry per value and dimension set. */
  values: MappedValue[];
  /** One entry per value and dimension set that could not be published. */
  setAside: SetAsideValue[];
  /** Of `values`, how many took a dimension's overflow value instead of their own. */
  folded: number;
}

export class MetricMapping {
  readonly directive: CompiledDirective;
  private readonly scope = new CardinalityScope();
  /** Definitions handed out, by metric, set and values: the same object for the same metric, so the
   * Aggregator's cache by definition applies. Cleared with the scope, so it stays bounded by the caps. */
  private readonly definitions = new Map<string, MetricDefinition>();

  /** Checks and compiles `directive`; throws a CwaggConfigError listing every problem. */
  constructor(directive: MetricDirective | unknown, options: DirectiveOptions = {}) {
    this.directive = compileDirective(directive, options);
  }

  get namespace(): string {
    return this.directive.namespace;
  }

  map(event: unknown): MappedEvent {
    const { metrics, dimensions, dimensionSets, fixedDimensions, namespace } = this.directive;
    const readings: DimensionReading[] = dimensions.map((dimension) => readDimension(event, dimension));
    const out: MappedEvent = { values: [], setAside: [], folded: 0 };
    for (const [m, metric] of metrics.entries()) {
      const reading = readMetric(event, metric);
      for (const [s, set] of dimensionSets.entries()) {
        for (const entry of reading.setAside) out.setAside.push({ metric: metric.name, ...entry });
        if (reading.values.length === 0) continue;
        const missing = set.map((d) => readings[d] as DimensionReading).find((d) => d.reason !== undefined);
        if (missing?.reason !== undefined) {
          for (const _ of reading.values) {
            out.setAside.push({ metric: metric.name, reason: missing.reason, detail: missing.detail });
          }
          continue;
        }
        let folded = false;
        const values = set.map((d) => {
          const dimension = dimensions[d] as (typeof dimensions)[number];
          const value = (readings[d] as { value: string }).value;
          if (this.scope.keeps(namespace, dimension, value)) return value;
          folded = true;
          return dimension.overflow;
        });
        const definition = this.definition(m, s, values, fixedDimensions);
        for (const value of reading.values) out.values.push({ metric: definition, value });
        if (folded) out.folded += reading.values.length;
      }
    }
    return out;
  }

  /** Dimensions that folded values since the last reset, with a sample of what they folded. */
  folds(): FoldReport[] {
    return this.scope.report();
  }

  /** Starts a new cardinality scope (e.g. on each flush): every dimension may take its values afresh. */
  resetCardinality(): void {
    this.scope.reset();
    this.definitions.clear();
  }

  private definition(
    m: number,
    s: number,
    values: readonly string[],
    fixed: Readonly<Record<string, string>>,
  ): MetricDefinition {
    const key = `${m}\n${s}\n${values.join('\n')}`;
    let definition = this.definitions.get(key);
    if (definition === undefined) {
      const metric = this.directive.metrics[m] as (typeof this.directive.metrics)[number];
      const set = this.directive.dimensionSets[s] as readonly number[];
      // Built from entries: assigning a dimension named `__proto__` would set a prototype and drop it.
      const dimensions: Record<string, string> = Object.fromEntries([
        ...Object.entries(fixed),
        ...set.map((d, k) => [(this.directive.dimensions[d] as { name: string }).name, values[k] as string]),
      ]);
      definition = {
        name: metric.name,
        dimensions,
        ...(metric.unit === undefined ? {} : { unit: metric.unit }),
        ...(metric.storageResolution === undefined ? {} : { storageResolution: metric.storageResolution }),
      };
      this.definitions.set(key, definition);
    }
    return definition;
  }
}
