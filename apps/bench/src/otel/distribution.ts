/**
 * What each route leaves of the distribution in CloudWatch: the values and counts of each route, read from
 * PutMetricData requests (Dimension `Route`) or from EMF lines (member `http.route`; a number, an array of
 * raw values, or the `{ Values, Counts }` histogram form), and how far their percentiles are from the exact
 * ones of the values recorded. Percentiles are nearest-rank, as cloudwatch-local serves them.
 */
import { nearestRankPercentile } from '@cwagg/cloudwatch-local/multiset-statistics';
import type { PutMetricDataInput } from '../output.js';
import { OTEL_METRIC, OTEL_ROUTES, type OtelValues } from './workload.js';

/** route -> value -> count. */
export type RouteDistributions = Map<string, Map<number, number>>;

function add(into: RouteDistributions, route: string, value: number, count: number): void {
  let values = into.get(route);
  if (values === undefined) {
    values = new Map();
    into.set(route, values);
  }
  values.set(value, (values.get(value) ?? 0) + count);
}

export function distributionsFromRequests(requests: readonly PutMetricDataInput[]): RouteDistributions {
  const result: RouteDistributions = new Map();
  for (const request of requests) {
    for (const datum of request.MetricData ?? []) {
      if (datum.MetricName !== OTEL_METRIC) continue;
      const route = datum.Dimensions?.find((d) => d.Name === 'Route')?.Value ?? '';
      (datum.Values ?? []).forEach((value, i) => {
        add(result, route, value, datum.Counts?.[i] ?? 1);
      });
    }
  }
  return result;
}

export function distributionsFromEmf(lines: readonly string[]): RouteDistributions {
  const result: RouteDistributions = new Map();
  for (const line of lines) {
    let document: Record<string, unknown>;
    try {
      document = JSON.parse(line);
    } catch {
      continue; // not an EMF line
    }
    const route = typeof document['http.route'] === 'string' ? document['http.route'] : '';
    const value = document[OTEL_METRIC];
    if (typeof value === 'number') add(result, route, value, 1);
    else if (Array.isArray(value)) for (const item of value as number[]) add(result, route, item, 1);
    else if (value !== null && typeof value === 'object') {
      const { Values, Counts } = value as { Values: number[]; Counts: number[] };
      Values.forEach((item, i) => {
        add(result, route, item, Counts[i] ?? 1);
      });
    }
  }
  return result;
}

export interface DistributionKept {
  /** Samples found for the metric, over every route: equals the values recorded when nothing is lost. */
  samples: number;
  /** Distinct values sent (or written), over every route. */
  distinctValues: number;
  /** Largest relative difference of p50, p90 or p99 of any route from the exact percentile. */
  maxPercentileError: number;
}

const PERCENTILES = [5000, 9000, 9900];

export function distributionKept(found: RouteDistributions, recorded: OtelValues): DistributionKept {
  const exact = OTEL_ROUTES.map(() => [] as number[]);
  recorded.routes.forEach((route, i) => {
    (exact[route] as number[]).push(recorded.values[i] as number);
  });
  let samples = 0;
  let distinctValues = 0;
  for (const values of found.values()) {
    distinctValues += values.size;
    for (const count of values.values()) samples += count;
  }
  let maxPercentileError = 0;
  OTEL_ROUTES.forEach((route, r) => {
    const values = exact[r] as number[];
    if (values.length === 0) return;
    const truth = values.map((value) => [value, 1] as const);
    const sent = [...(found.get(route) ?? new Map<number, number>())];
    for (const hundredths of PERCENTILES) {
      const expected = nearestRankPercentile(truth, hundredths) as number;
      const got = nearestRankPercentile(sent, hundredths);
      const error = got === undefined ? 1 : Math.abs(got - expected) / expected;
      if (error > maxPercentileError) maxPercentileError = error;
    }
  });
  return { samples, distinctValues, maxPercentileError };
}
