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
 * An array of `length` doubles to fill, made at its final length: pushing regrew the arrays of a run step by
 * step, about as much memory again as the run (a third of what the mapped-events bench allocated).
 */
export function doublesOfLength(length: number): number[] {
  const array = doubles();
  array.length = length;
  return array;
}

/**
 * The run of the first `n` values (all by default), each seen once, in any order: sorted in place (`values` is
 * the caller's scratch, made by `doubles()`, left sorted), then equal neighbours counted together. -0 is
 * reported as 0, as JSON writes it.
 */
export function runOf(values: number[], n = values.length): ValueRun {
  if (n === 0) return EMPTY_RUN;
  sortNumbers(values, n);
  // -0 === 0: both are counted as one value.
  let distinctCount = 1;
  for (let i = 1; i < n; i++) if (values[i] !== values[i - 1]) distinctCount++;
  const distinct = doublesOfLength(distinctCount);
  const counts = new Array<number>(distinctCount);
  let k = 0;
  let current = values[0] as number;
  let count = 1;
  for (let i = 1; i < n; i++) {
    const value = values[i] as number;
    if (value === current) {
      count++;
      continue;
    }
    distinct[k] = current + 0;
    counts[k++] = count;
    current = value;
    count = 1;
  }
  distinct[k] = current + 0;
  counts[k] = count;
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
  const n = a.values.length;
  const m = b.values.length;
  // Made at the longest the merge can be, and cut to what it is: one allocation instead of regrowing.
  const values = doublesOfLength(n + m);
  const counts = new Array<number>(n + m);
  let k = 0;
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    const x = a.values[i] as number;
    const y = b.values[j] as number;
    if (x < y) {
      values[k] = x;
      counts[k++] = a.counts[i++] as number;
    } else if (y < x) {
      values[k] = y;
      counts[k++] = b.counts[j++] as number;
    } else {
      values[k] = x;
      counts[k++] = (a.counts[i++] as number) + (b.counts[j++] as number);
    }
  }
  for (; i < n; i++) {
    values[k] = a.values[i] as number;
    counts[k++] = a.counts[i] as number;
  }
  for (; j < m; j++) {
    values[k] = b.values[j] as number;
    counts[k++] = b.counts[j] as number;
  }
  if (k < n + m) {
    values.length = k;
    counts.length = k;
  }
  return { values, counts };
}
