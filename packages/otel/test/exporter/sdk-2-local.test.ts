/**
 * The previous major of the SDK, @opentelemetry/sdk-metrics 2.x (still the line for Node 20, which 3.x no
 * longer declares), which the peer range admits: its PeriodicExportingMetricReader drives the exporter, and
 * the data reads back from the local endpoint as with 3.x.
 */
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics-2';
import { describe, expect, it } from 'vitest';
import { CwaggMetricExporter } from '../../src/index.js';
import { clientFor, readBack, startLocal } from '../support/cloudwatch.js';
import { latencies } from '../support/latencies.js';
import { exactPercentile } from '../support/sdk.js';

describe('with @opentelemetry/sdk-metrics 2.x', () => {
  it('exports histograms and counters in one call, percentiles within the stated error', async () => {
    const local = await startLocal();
    const client = clientFor(local);
    const exporter = new CwaggMetricExporter({ namespace: 'Sdk2', client, attributes: ['route'] });
    let error = 0;
    exporter.on('export', (report) => {
      error = Math.max(error, report.maxRelativeError);
    });
    const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('v2');
    const histogram = meter.createHistogram('latency', { unit: 'ms' });
    const values = latencies(100_000, 11);
    for (const value of values) histogram.record(value, { route: '/a' });
    meter.createCounter('requests').add(values.length, { route: '/a' });
    await provider.shutdown();
    expect(local.stats().putMetricData.accepted).toBe(1);
    const sorted = values.sort();
    const read = await readBack(client, 'Sdk2', 'latency', { route: '/a' });
    expect(read).toMatchObject({ SampleCount: 100_000, Minimum: sorted[0], Maximum: sorted[99_999] });
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThanOrEqual(0.022);
    for (const [name, p] of [
      ['p50', 50],
      ['p99', 99],
    ] as const) {
      const exact = exactPercentile(sorted, p);
      expect(Math.abs((read[name] as number) - exact)).toBeLessThanOrEqual(error * exact);
    }
    expect(await readBack(client, 'Sdk2', 'requests', { route: '/a' })).toMatchObject({ Sum: 100_000 });
    client.destroy();
    await local.stop();
  });
});
