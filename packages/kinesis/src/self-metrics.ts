/**
 * The handlers' metrics about themselves, all with the handler's dimensions (Type, DIMENSIONS): the calls they
 * make, the records they could not read, and, with a mapping, the values they set aside (by reason) and the
 * values the cardinality guard folded (by dimension). The counts ride in requests the handlers already send.
 */
import type { MetricDefinition } from '@cwagg/core';
import { valueProblem } from '@cwagg/core/limits';
import type { DecodedBatch, ValueReason } from './batch.js';
import {
  CALLS_METRIC_NAME,
  FOLDED_DIMENSION,
  FOLDED_VALUES_METRIC_NAME,
  type HandlerConfig,
  INVALID_RECORDS_METRIC_NAME,
  INVALID_VALUES_METRIC_NAME,
  REASON_DIMENSION,
} from './config.js';

/**
 * The reason a value is counted under when CloudWatch's window refuses its time (more than 14 days old, more
 * than 2 hours ahead): the record's, not the mapping's, so it is the handlers' own word beside core's reasons.
 */
export const OUTSIDE_TIME_WINDOW = 'OutsideTimeWindow' satisfies ValueReason;

/** Why the Aggregator refused a mapped value: its range was checked when read, so nearly always its time. */
export function rejectionReason(value: number): ValueReason {
  return valueProblem(value) === undefined ? OUTSIDE_TIME_WINDOW : 'OutOfRange';
}

export class SelfMetrics {
  readonly calls: MetricDefinition;
  readonly invalidRecords: MetricDefinition;
  private readonly byReason = new Map<string, MetricDefinition>();
  private readonly byDimension = new Map<string, MetricDefinition>();

  constructor(private readonly dimensions: Readonly<Record<string, string>>) {
    this.calls = { name: CALLS_METRIC_NAME, unit: 'Count', dimensions };
    this.invalidRecords = { name: INVALID_RECORDS_METRIC_NAME, unit: 'Count', dimensions };
  }

  static of(config: HandlerConfig): SelfMetrics {
    return new SelfMetrics(config.metric.dimensions);
  }

  invalidValues(reason: string): MetricDefinition {
    let definition = this.byReason.get(reason);
    if (definition === undefined) {
      definition = {
        name: INVALID_VALUES_METRIC_NAME,
        unit: 'Count',
        dimensions: { ...this.dimensions, [REASON_DIMENSION]: reason },
      };
      this.byReason.set(reason, definition);
    }
    return definition;
  }

  folded(dimension: string): MetricDefinition {
    let definition = this.byDimension.get(dimension);
    if (definition === undefined) {
      definition = {
        name: FOLDED_VALUES_METRIC_NAME,
        unit: 'Count',
        dimensions: { ...this.dimensions, [FOLDED_DIMENSION]: dimension },
      };
      this.byDimension.set(dimension, definition);
    }
    return definition;
  }
}

/** Entries of a list in record order that fall in records [first, end). */
export function inRecords<T extends { recordIndex: number }>(
  entries: readonly T[],
  first: number,
  end: number,
): T[] {
  return entries.filter((entry) => entry.recordIndex >= first && entry.recordIndex < end);
}

/** Folded values of values [from, to), counted by dimension, leaving out the values in `skip`. */
export function foldedCounts(
  batch: DecodedBatch,
  from: number,
  to: number,
  skip: ReadonlySet<number> = new Set(),
): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { valueIndex, dimension } of batch.mapped?.folded ?? []) {
    if (valueIndex < from || valueIndex >= to || skip.has(valueIndex)) continue;
    counts.set(dimension, (counts.get(dimension) ?? 0) + 1);
  }
  return counts;
}

/** Values set aside, counted by reason. */
export function reasonCounts(entries: readonly { reason: string }[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const { reason } of entries) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  return counts;
}
