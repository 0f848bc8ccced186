/**
 * Runs: distinct values in ascending order, each with its count. The exact store keeps its values as runs and
 * reports one; a run is never changed once made (a datum may hold its arrays), only replaced.
 */
import { doubles, sortNumbers } from './sort-numbers.js';

export interface ValueRun {
  /** Ascending and distinct; never -0. */
  readonly values: number[];
  readonly counts: number[];
}

export const EMPTY_RUN: ValueRun = Object.freeze({ values: [], counts: [] }) as ValueRun;

/**
 * The run of values each seen once, in any order: sorted in place (`values` is the caller's scratch, made by
 * `doubles()`, left sorted), then equal neighbours counted together. -0 is reported as 0, as JSON writes it.
 */
export function runOf(values: number[]): ValueRun {
  const n = values.length;
  if (n === 0) return EMPTY_RUN;
  sortNumbers(values, n);
  const distinct: number[] = [];
  const counts: number[] = [];
  let current = values[0] as number;
  let count = 1;
  for (let i = 1; i < n; i++) {
    const value = values[i] as number;
    // -0 === 0: both are counted as one value.
    if (value === current) {
      count++;
      continue;
    }
    distinct.push(current + 0);
    counts.push(count);
    current = value;
    count = 1;
  }
  distinct.push(current + 0);
  counts.push(count);
  return { values: distinct, counts };
}

/** The run of a map from value to count (the values added with a count other than 1). */
export function runOfCounts(counts: ReadonlyMap<number, number>): ValueRun {
  if (counts.size === 0) return EMPTY_RUN;
  const sorted = doubles();
  for (const value of counts.keys()) sorted.push(value);
  sortNumbers(sorted);
  // A Map keys -0 and 0 alike (SameValueZero): each value appears once.
  const values = Array.from(sorted, (value) => value + 0);
  return { values, counts: values.map((value) => counts.get(value) as number) };
}

/** Both runs as one: a value in both takes the sum of its counts. Returns an input as is when the other is empty. */
export function mergeRuns(a: ValueRun, b: ValueRun): ValueRun {
  if (b.values.length === 0) return a;
  if (a.values.length === 0) return b;
  const values: number[] = [];
  const counts: number[] = [];
  const n = a.values.length;
  const m = b.values.length;
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const x = a.values[i] as number;
    const y = b.values[j] as number;
    if (x < y) {
      values.push(x);
      counts.push(a.counts[i++] as number);
    } else if (y < x) {
      values.push(y);
      counts.push(b.counts[j++] as number);
    } else {
      values.push(x);
      counts.push((a.counts[i++] as number) + (b.counts[j++] as number));
    }
  }
  for (; i < n; i++) {
    values.push(a.values[i] as number);
    counts.push(a.counts[i] as number);
  }
  for (; j < m; j++) {
    values.push(b.values[j] as number);
    counts.push(b.counts[j] as number);
  }
  return { values, counts };
}
