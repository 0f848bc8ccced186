/**
 * The OpenTelemetry comparison's workload: a service recording request latencies (log-normal, median
 * 50 ms) under one of ten routes, exporting every `valuesPerExport` values, as a service doing that many
 * requests per export interval would. Seeded: every contender and process records the same values.
 */
import { seededRandom } from '@cwagg/cli';
import { logNormal } from '../random.js';

export const OTEL_ROUTES = Array.from({ length: 10 }, (_, i) => `/route/${i}`);
export const OTEL_NAMESPACE = 'CwaggBenchOtel';
export const OTEL_METRIC = 'http.server.request.duration';

export interface OtelValues {
  /** Index into OTEL_ROUTES of each value. */
  routes: Uint8Array;
  /** Latencies, milliseconds. */
  values: Float64Array;
}

export function otelValues(count: number, seed: number): OtelValues {
  const random = seededRandom(seed);
  const latency = logNormal(random, 50, 1);
  const routes = new Uint8Array(count);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    routes[i] = Math.floor(random() * OTEL_ROUTES.length);
    values[i] = latency();
  }
  return { routes, values };
}
