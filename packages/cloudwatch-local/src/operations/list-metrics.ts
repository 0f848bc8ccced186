import { MAX_DIMENSION_VALUE_LENGTH } from '@cwagg/core';
import { invalidParameter, invalidValue, ServiceError } from '../service-error.js';
import type { MetricStore } from '../store.js';
import type { ListMetricsInput } from './types.js';
import { checkDimensionName, checkLength, checkMetricName, checkNamespace } from './validate.js';

/** ListMetrics: 500 metrics per page; at most 10 dimension filters (API reference). */
const PAGE_SIZE = 500;
const MAX_DIMENSION_FILTERS = 10;
/** RecentlyActive accepts only PT3H: metrics that received data in the past three hours. */
const RECENTLY_ACTIVE_MS = 3 * 60 * 60 * 1000;

function decodeToken(token: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof parsed.after === 'string') return parsed.after;
  } catch {
    // fall through to the error below
  }
  throw new ServiceError('InvalidNextToken', 'The NextToken is not one this endpoint gave out.');
}

export function listMetrics(input: ListMetricsInput, store: MetricStore, nowMs: number) {
  if (input.Namespace !== undefined) checkNamespace('Namespace', input.Namespace, true);
  if (input.MetricName !== undefined) checkMetricName('MetricName', input.MetricName);
  const filters = input.Dimensions ?? [];
  if (filters.length > MAX_DIMENSION_FILTERS) {
    throw invalidParameter(
      `The collection Dimensions must not have more than ${MAX_DIMENSION_FILTERS} members.`,
    );
  }
  filters.forEach((filter, i) => {
    checkDimensionName(`Dimensions.member.${i + 1}.Name`, filter.Name);
    if (filter.Value !== undefined) {
      checkLength(`Dimensions.member.${i + 1}.Value`, filter.Value, MAX_DIMENSION_VALUE_LENGTH);
    }
  });
  if (input.RecentlyActive !== undefined && input.RecentlyActive !== 'PT3H') {
    throw invalidValue('RecentlyActive', input.RecentlyActive, 'The only accepted value is PT3H.');
  }
  const after = input.NextToken === undefined ? undefined : decodeToken(input.NextToken);
  const matching = store
    .sorted()
    .filter(
      (metric) =>
        (after === undefined || metric.key > after) &&
        (input.Namespace === undefined || metric.namespace === input.Namespace) &&
        (input.MetricName === undefined || metric.metricName === input.MetricName) &&
        (input.RecentlyActive === undefined || metric.lastWriteMs >= nowMs - RECENTLY_ACTIVE_MS) &&
        filters.every((filter) =>
          metric.dimensions.some(
            (d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value),
          ),
        ),
    );
  const page = matching.slice(0, PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    Metrics: page.map((metric) => ({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: metric.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    })),
    NextToken:
      matching.length > PAGE_SIZE && last
        ? Buffer.from(JSON.stringify({ after: last.key })).toString('base64url')
        : undefined,
  };
}
