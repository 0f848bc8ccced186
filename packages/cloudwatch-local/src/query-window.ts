/**
 * Which stored seconds a GetMetricStatistics or GetMetricData query covers, and how they fall into
 * periods, as the API reference describes StartTime, EndTime and Period:
 *
 * - StartTime is inclusive and is rounded down by its age when the request arrives: to the minute when
 *   less than 15 days ago, to 5 minutes up to 63 days, to the hour beyond. With a Period of 1, 5, 10, 20
 *   or 30 seconds it is rounded down to that division of a minute instead (1 s: to the second; the
 *   reference lists 5, 10, 20 and 30, and 1 follows the same rule).
 * - Periods start at the rounded StartTime and follow each other; EndTime is exclusive.
 * - A StartTime more than 3 hours old needs a Period that is a multiple of 60 s (of 300 s past 15 days, of
 *   3,600 s past 63 days), "or no data points in that time range is returned": no datapoints then.
 */
import { PERIOD_MULTIPLE_BY_START_AGE, START_TIME_ROUNDING_BY_AGE, SUB_MINUTE_PERIODS } from './limits.js';

export interface QueryWindow {
  /** First second covered (the rounded StartTime), epoch seconds; periods start here. */
  startSecond: number;
  /** EndTime, epoch milliseconds, exclusive. */
  endMs: number;
  period: number;
}

/** Whole seconds StartTime is rounded down to, given its age and the period. */
export function startRoundingSeconds(startMs: number, period: number, nowMs: number): number {
  if (SUB_MINUTE_PERIODS.includes(period)) return period;
  const age = nowMs - startMs;
  for (const { olderThanMs, roundToSeconds } of START_TIME_ROUNDING_BY_AGE) {
    if (age > olderThanMs) return roundToSeconds;
  }
  return 60;
}

export function queryWindow(startMs: number, endMs: number, period: number, nowMs: number): QueryWindow {
  const rounding = startRoundingSeconds(startMs, period, nowMs);
  return { startSecond: Math.floor(startMs / 1000 / rounding) * rounding, endMs, period };
}

/**
 * Whether CloudWatch returns data for this period at this StartTime: a StartTime more than 3 hours old
 * needs a period that is a multiple of 60, 300 or 3,600 seconds, depending on its age.
 */
export function periodServesStart(startMs: number, period: number, nowMs: number): boolean {
  const age = nowMs - startMs;
  for (const { olderThanMs, multipleOf } of PERIOD_MULTIPLE_BY_START_AGE) {
    if (age > olderThanMs) return period % multipleOf === 0;
  }
  return true;
}

/** The start (epoch seconds) of the period a stored second falls in, or undefined outside the window. */
export function periodOf(window: QueryWindow, second: number): number | undefined {
  if (second < window.startSecond || second * 1000 >= window.endMs) return undefined;
  return window.startSecond + Math.floor((second - window.startSecond) / window.period) * window.period;
}

/** How many periods the window spans (the last one may be cut short by EndTime). */
export function periodCount(window: QueryWindow): number {
  return Math.max(0, Math.ceil((window.endMs / 1000 - window.startSecond) / window.period));
}

/** Every period start of the window, in order: the grid metric math fills on. */
export function periodStarts(window: QueryWindow): number[] {
  const count = periodCount(window);
  return Array.from({ length: count }, (_, i) => window.startSecond + i * window.period);
}
