/**
 * The cardinality guard. Every distinct combination of dimension values is a custom metric of its own, billed
 * by the month, so a field with unbounded values (a request id) used as a dimension must not multiply the
 * bill. Within a scope (a Lambda invocation, a service's flush interval), a dimension keeps the first
 * `maxValues - 1` distinct values it meets that are on its allow-list (any value without one); every other
 * value folds into the overflow value. A dimension so never takes more than `maxValues` values in a scope,
 * the overflow value included, and the decision depends only on the order of the values: the same batch
 * folds the same way every time it is processed.
 */
import type { CompiledDimension } from './directive.js';

/** Folded values named in a report, per dimension: enough to see what happened, bounded. */
export const FOLD_SAMPLE_SIZE = 5;

export interface FoldReport {
  namespace: string;
  dimension: string;
  overflow: string;
  /** The first distinct values folded. */
  sample: string[];
}

/** The values one dimension kept in a scope: what a longer scope (a tumbling window) carries between calls. */
export interface KeptValues {
  namespace: string;
  dimension: string;
  overflow: string;
  /** In the order they were first kept. */
  values: string[];
}

interface DimensionState {
  readonly namespace: string;
  readonly dimension: Pick<CompiledDimension, 'name' | 'overflow'>;
  readonly kept: Set<string>;
  readonly sample: string[];
}

export class CardinalityScope {
  private readonly states = new Map<string, DimensionState>();

  /**
   * Whether `value` keeps its own value in this scope (true), or folds into `dimension.overflow` (false).
   * Dimensions are told apart by namespace and name: two directives reading the same dimension share its cap.
   */
  keeps(namespace: string, dimension: CompiledDimension, value: string): boolean {
    const key = `${namespace}\n${dimension.name}`;
    let state = this.states.get(key);
    if (state === undefined) {
      state = { namespace, dimension, kept: new Set(), sample: [] };
      this.states.set(key, state);
    }
    if (state.kept.has(value)) return true;
    // One value is kept back for the overflow, so that the cap holds whatever comes later in the scope.
    const allowed = dimension.allowed === undefined || dimension.allowed.has(value);
    if (allowed && state.kept.size < dimension.maxValues - 1) {
      state.kept.add(value);
      return true;
    }
    if (state.sample.length < FOLD_SAMPLE_SIZE && !state.sample.includes(value)) state.sample.push(value);
    return false;
  }

  /** The dimensions that folded values in this scope, with a sample of what they folded. */
  report(): FoldReport[] {
    return [...this.states.values()]
      .filter((state) => state.sample.length > 0)
      .map(({ namespace, dimension, sample }) => ({
        namespace,
        dimension: dimension.name,
        overflow: dimension.overflow,
        sample: [...sample],
      }));
  }

  /** The values each dimension kept so far, to carry the scope on with `restore` (in another process, say). */
  kept(): KeptValues[] {
    return [...this.states.values()]
      .filter((state) => state.kept.size > 0)
      .map(({ namespace, dimension, kept }) => ({
        namespace,
        dimension: dimension.name,
        overflow: dimension.overflow,
        values: [...kept],
      }));
  }

  /**
   * Starts a new scope that carries on one whose `kept()` this is: those values are kept again, ahead of any
   * other, so a scope split over several calls folds exactly as one would.
   */
  restore(kept: readonly KeptValues[]): void {
    this.states.clear();
    for (const { namespace, dimension, overflow, values } of kept) {
      this.states.set(`${namespace}\n${dimension}`, {
        namespace,
        dimension: { name: dimension, overflow },
        kept: new Set(values),
        sample: [],
      });
    }
  }

  /** Starts a new scope: every dimension may take its values afresh. */
  reset(): void {
    this.states.clear();
  }
}
