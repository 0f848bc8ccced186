import {
  LIST_METRICS_PAGE_SIZE,
  LIST_METRICS_RECENTLY_ACTIVE_MS,
  MAX_DIMENSION_VALUE_LENGTH,
  MAX_LIST_METRICS_DIMENSION_FILTERS,
} from '../limits.js';
import { invalidParameter, invalidValue, ServiceError } from '../service-error.js';
import type { MetricStore } from '../store.js';
import type { ListMetricsInput } from './types.js';
import { checkDimensionName, checkLength, checkMetricName, checkNamespace } from './validate.js';

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
  if (filters.length > MAX_LIST_METRICS_DIMENSION_FILTERS) {
    throw invalidParameter(
      `The collection Dimensions must not have more than ${MAX_LIST_METRICS_DIMENSION_FILTERS} members.`,
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
        (input.RecentlyActive === undefined ||
          metric.lastWriteMs >= nowMs - LIST_METRICS_RECENTLY_ACTIVE_MS) &&
        filters.every((filter) =>
          metric.dimensions.some(
            (d) => d.Name === filter.Name && (filter.Value === undefined || d.Value === filter.Value),
          ),
        ),
    );
  const page = matching.slice(0, LIST_METRICS_PAGE_SIZE);
  const last = page[page.length - 1];
  return {
    Metrics: page.map((metric) => ({
      Namespace: metric.namespace,
      MetricName: metric.metricName,
      Dimensions: metric.dimensions.map((d) => ({ Name: d.Name, Value: d.Value })),
    })),
    NextToken:
      matching.length > LIST_METRICS_PAGE_SIZE && last
        ? Buffer.from(JSON.stringify({ after: last.key })).toString('base64url')
        : undefined,
  };
}
