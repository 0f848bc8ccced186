/**
 * Datums of requests that failed after the SDK's retries (throttling, 5xx, timeouts, the export deadline),
 * held to be sent again with the next export, re-packed with its fresh datums. With delta temporality the
 * SDK never sends a failed interval again: without this, one throttled minute would be lost. Bounded: past
 * `maxDatums` the oldest are dropped, and said so.
 */
import type { MetricDatum } from '@cwagg/core';
import { timestampProblem } from '@cwagg/core/limits';

export function samplesOf(datums: readonly MetricDatum[]): number {
  let samples = 0;
  for (const datum of datums) samples += datum.StatisticValues.SampleCount;
  return samples;
}

export class RetryBuffer {
  private held: MetricDatum[] = [];

  constructor(readonly maxDatums: number) {}

  get datums(): number {
    return this.held.length;
  }

  get samples(): number {
    return samplesOf(this.held);
  }

  /** Holds `datums` after what is held; returns the oldest ones pushed out by the bound. */
  hold(datums: readonly MetricDatum[]): MetricDatum[] {
    this.held.push(...datums);
    const excess = this.held.length - this.maxDatums;
    return excess > 0 ? this.held.splice(0, excess) : [];
  }

  /** Takes everything held; `expired` are those CloudWatch would now refuse as too old. */
  take(nowMs: number): { datums: MetricDatum[]; expired: MetricDatum[] } {
    const datums: MetricDatum[] = [];
    const expired: MetricDatum[] = [];
    for (const datum of this.held) {
      if (timestampProblem(datum.Timestamp.getTime(), nowMs) === undefined) datums.push(datum);
      else expired.push(datum);
    }
    this.held = [];
    return { datums, expired };
  }
}
