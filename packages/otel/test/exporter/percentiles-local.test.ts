/**
 * The exporter with the SDK's standard PeriodicExportingMetricReader, against the local CloudWatch endpoint
 * over HTTP: a million recorded latencies read back with p50/p90/p99 within the error the report states, and
 * count, sum, min and max exact, from one PutMetricData call.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CwaggMetricExporter, type ExportReport } from '../../src/index.js';
import { clientFor, readBack, startLocal } from '../support/cloudwatch.js';
import { latencies } from '../support/latencies.js';
import { exactPercentile } from '../support/sdk.js';

const MILLION = 1_000_000;

let local: CloudWatchLocal;
let client: CloudWatchClient;

beforeAll(async () => {
  local = await startLocal();
  client = clientFor(local);
});

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

async function recordAndExport(namespace: string, histogram: 'exponential' | 'explicit', seed: number) {
  const exporter = new CwaggMetricExporter({ namespace, client, histogram, attributes: { route: 'Route' } });
  const reports: ExportReport[] = [];
  exporter.on('export', (report) => reports.push(report));
  // A long interval: the test decides when to export, with forceFlush(), as a service's shutdown would.
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const latency = provider.getMeter('shop').createHistogram('http.server.duration', { unit: 'ms' });
  const values = latencies(MILLION, seed);
  const attributes = { route: '/buy', 'user.id': 'not a dimension' };
  for (const value of values) latency.record(value, attributes);
  const before = local.stats().putMetricData.received;
  await provider.forceFlush();
  const calls = local.stats().putMetricData.received - before;
  await provider.shutdown();
  return { values: values.sort(), reports, calls };
}

describe.each(['exponential', 'explicit'] as const)('a million latencies, %s histograms', (kind) => {
  let run: Awaited<ReturnType<typeof recordAndExport>>;
  const namespace = `Percentiles-${kind}`;

  beforeAll(async () => {
    run = await recordAndExport(namespace, kind, kind === 'exponential' ? 1 : 2);
  });

  it('sends them in one PutMetricData call', () => {
    expect(run.calls).toBe(1);
    expect(run.reports).toHaveLength(1);
    expect(run.reports[0]).toMatchObject({ samples: MILLION, sentSamples: MILLION, requests: 1 });
  });

  it('states the error of the values sent, about 2% for either kind with the defaults', () => {
    const error = run.reports[0]?.maxRelativeError as number;
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThanOrEqual(0.022);
  });

  it('reads p50, p90 and p99 back within that error, count, sum, min and max exact', async () => {
    const error = run.reports[0]?.maxRelativeError as number;
    const read = await readBack(client, namespace, 'http.server.duration', { Route: '/buy' });
    const { values } = run;
    expect(read.SampleCount).toBe(MILLION);
    expect(read.Minimum).toBe(values[0]);
    expect(read.Maximum).toBe(values[MILLION - 1]);
    const sum = values.reduce((a, b) => a + b, 0);
    expect(Math.abs((read.Sum as number) - sum)).toBeLessThanOrEqual(1e-9 * sum);
    for (const [name, p] of [
      ['p50', 50],
      ['p90', 90],
      ['p99', 99],
    ] as const) {
      const exact = exactPercentile(values, p);
      const got = read[name] as number;
      expect(Math.abs(got - exact), `${name}: ${got} vs ${exact}`).toBeLessThanOrEqual(error * exact);
    }
  });
});
