/**
 * What each instrument becomes in CloudWatch, read back from the local endpoint over HTTP after several
 * exports, each of which fits one PutMetricData call: counters add up their increases, up-down counters and
 * gauges are sent as their current value at each export, attributes become dimensions only through the
 * allow-list, resource attributes too, and the cardinality guard folds what passes its cap into `Other`.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AggregationTemporality, MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CwaggMetricExporter, type FoldedDimension } from '../../src/index.js';
import { clientFor, readBack, startLocal } from '../support/cloudwatch.js';
import { exportOnce, readerFor } from '../support/export.js';
import { cumulative, TestReader } from '../support/sdk.js';

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

describe('instruments in CloudWatch', () => {
  it('one call per export; counters summed, levels sent at each export, dimensions from the allow-lists', async () => {
    const exporter = new CwaggMetricExporter({
      namespace: 'Mapping',
      client,
      attributes: { 'http.route': 'Route' },
      resourceAttributes: { 'service.name': 'Service' },
    });
    const reader = readerFor(exporter);
    const provider = new MeterProvider({
      readers: [reader],
      resource: resourceFromAttributes({ 'service.name': 'shop', 'host.name': 'not-a-dimension' }),
    });
    const meter = provider.getMeter('shop');
    const requests = meter.createCounter('requests', { unit: '{request}' });
    const inFlight = meter.createUpDownCounter('in_flight');
    const temperature = meter.createGauge('temperature', { unit: 'Cel' });
    const duration = meter.createHistogram('duration', { unit: 's' });

    const calls: number[] = [];
    for (let round = 1; round <= 3; round++) {
      for (const route of ['/a', '/b']) {
        requests.add(round * 10, { 'http.route': route, 'user.id': `u${round}` });
        duration.record(round / 10, { 'http.route': route });
      }
      inFlight.add(round === 3 ? -4 : 5); // levels 5, 10, 6
      temperature.record(20 + round);
      const before = local.stats().putMetricData.received;
      const result = await exportOnce(exporter, await reader.resourceMetrics());
      expect(result).toEqual({ code: 0 });
      calls.push(local.stats().putMetricData.received - before);
    }
    expect(calls).toEqual([1, 1, 1]);

    const service = { Service: 'shop' };
    const a = await readBack(client, 'Mapping', 'requests', { ...service, Route: '/a' });
    expect(a).toMatchObject({ SampleCount: 3, Sum: 60, Minimum: 10, Maximum: 30 });
    const level = await readBack(client, 'Mapping', 'in_flight', service);
    expect(level).toMatchObject({ SampleCount: 3, Sum: 21, Minimum: 5, Maximum: 10 });
    const gauge = await readBack(client, 'Mapping', 'temperature', service);
    expect(gauge).toMatchObject({ SampleCount: 3, Sum: 66, Minimum: 21, Maximum: 23 });
    const seconds = await readBack(client, 'Mapping', 'duration', { ...service, Route: '/b' });
    expect(seconds).toMatchObject({ SampleCount: 3, Minimum: 0.1, Maximum: 0.3 });
    expect(seconds.Sum).toBeCloseTo(0.6, 12);
    // No metric without the allowed dimensions, none with a dimension that was not allowed.
    expect(await readBack(client, 'Mapping', 'requests', service)).toEqual({});
    await provider.shutdown();
  });

  it('converts cumulative counters into increases and keeps exact levels when the reader asks for them', async () => {
    const exporter = new CwaggMetricExporter({ namespace: 'Cumulative', client });
    const reader = new TestReader(cumulative, (type) => exporter.selectAggregation(type));
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('x').createCounter('bytes', { unit: 'By' });
    for (const increase of [100, 250, 0, 50]) {
      counter.add(increase);
      await exportOnce(exporter, await reader.resourceMetrics());
    }
    expect(await readBack(client, 'Cumulative', 'bytes')).toMatchObject({
      SampleCount: 4,
      Sum: 400,
      Minimum: 0,
      Maximum: 250,
    });
    expect(exporter.selectAggregationTemporality('COUNTER' as never)).toBe(AggregationTemporality.DELTA);
    await provider.shutdown();
  });

  it('folds dimension values past the cap into Other, keeps the samples, and reports it', async () => {
    const exporter = new CwaggMetricExporter({
      namespace: 'Guarded',
      client,
      attributes: { 'user.id': 'User' },
      maxValuesPerDimension: 100,
    });
    const folds: FoldedDimension[][] = [];
    exporter.on('folded', (folded) => folds.push(folded));
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    const logins = provider.getMeter('x').createCounter('logins');
    for (let user = 0; user < 150; user++) logins.add(1, { 'user.id': `user-${user}` });
    const result = await exportOnce(exporter, await reader.resourceMetrics());
    expect(result.code).toBe(0); // folding is the guard working, not a failure
    expect(folds).toEqual([
      [
        {
          dimension: 'User',
          distinctValues: 150,
          keptValues: 100,
          foldedValues: 50,
          dataPoints: 50,
          samples: 50,
        },
      ],
    ]);
    expect(await readBack(client, 'Guarded', 'logins', { User: 'Other' })).toMatchObject({
      SampleCount: 50,
      Sum: 50,
    });
    expect(await readBack(client, 'Guarded', 'logins', { User: 'user-0' })).toMatchObject({ Sum: 1 });
    expect(exporter.stats()).toMatchObject({ samples: 150, sentSamples: 150, foldedDataPoints: 50 });
    await provider.shutdown();
  });

  it('rejects a data point CloudWatch would refuse, sends the rest, and tells the SDK what failed', async () => {
    const exporter = new CwaggMetricExporter({ namespace: 'Rejecting', client });
    const rejected: unknown[] = [];
    exporter.on('rejected', (points) => rejected.push(...points));
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    const meter = provider.getMeter('x');
    meter.createGauge('ratio').record(Number.NaN);
    meter.createCounter('fine').add(3);
    const result = await exportOnce(exporter, await reader.resourceMetrics());
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/1 data points rejected .*ratio: value is NaN/);
    expect(rejected).toEqual([{ metric: 'ratio', reason: expect.stringMatching(/NaN/), samples: 1 }]);
    expect(await readBack(client, 'Rejecting', 'fine')).toMatchObject({ Sum: 3 });
    expect(exporter.stats()).toMatchObject({ samples: 2, sentSamples: 1, rejectedSamples: 1 });
    await provider.shutdown();
  });
});
