/** What metric math works on: time series, arrays of them, and numbers. */
import type { QueryWindow } from '../query-window.js';

export interface MessageData {
  Code: string;
  Value: string;
}

export interface Series {
  label: string;
  /** Timestamp (epoch milliseconds) -> value, for the periods that have one. */
  points: Map<number, number>;
  /** The periods the series lies on: FILL fills them, PERIOD reads them. */
  window: QueryWindow;
  /** The Id of the query it came from, when it is a metric's (METRICS("str") matches on it). */
  id?: string;
  messages: MessageData[];
}

export type MathValue =
  | { kind: 'scalar'; value: number }
  | { kind: 'series'; series: Series }
  | { kind: 'array'; series: Series[] };

export const scalar = (value: number): MathValue => ({ kind: 'scalar', value });
export const single = (series: Series): MathValue => ({ kind: 'series', series });
export const array = (series: Series[]): MathValue => ({ kind: 'array', series });

/** A series like `from` (label, window) with other points; values that are not finite are dropped. */
export function derive(from: Series, points: Iterable<readonly [number, number]>): Series {
  const kept = new Map<number, number>();
  for (const [t, v] of points) if (Number.isFinite(v)) kept.set(t, v);
  return { label: from.label, points: kept, window: from.window, messages: [] };
}

/** Points in time order. */
export function sortedPoints(series: Series): Array<[number, number]> {
  return [...series.points].sort((a, b) => a[0] - b[0]);
}

/** Every timestamp any of the series has a value at, in order. */
export function unionTimestamps(list: readonly Series[]): number[] {
  const all = new Set<number>();
  for (const series of list) for (const t of series.points.keys()) all.add(t);
  return [...all].sort((a, b) => a - b);
}
