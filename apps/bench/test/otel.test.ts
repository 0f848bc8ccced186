/**
 * The OpenTelemetry comparison on small inputs: each route carries every value recorded, CwaggMetricExporter
 * one PutMetricData call per export, the EMF routes only log lines; the histogram routes keep percentiles
 * within their buckets' error and Powertools keeps them exactly; the EMF writer's lines read back to the
 * statistics the SDK recorded; the report shows every route. No test asserts a timing.
 */

import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import { EmfMetricExporter } from '../src/otel/emf-exporter.js';
import { measureOtel, type OtelMeasureResult } from '../src/otel/measure.js';
import { otelFigures } from '../src/otel/phase.js';
import { otelTables } from '../src/otel/report.js';
import { OTEL_METRIC } from '../src/otel/workload.js';

const VALUES = 20_000;
const task = (contender: OtelMeasureResult['contender']) =>
  measureOtel({ mode: 'otel', contender, values: VALUES, valuesPerExport: 5_000, repetitions: 1, seed: 3 });

describe('otel comparison', () => {
  it('every route carries every value; cwagg one call per export, the EMF routes log lines only', async () => {
    // One at a time: each captures the process's output while it runs.
    const cwagg = await task('otelCwagg');
    const emf = await task('otelEmf');
    const powertools = await task('powertools');
    for (const result of [cwagg, emf, powertools]) {
      expect(result.kept.samples, result.contender).toBe(VALUES);
      expect(result.nsPerValue).toHaveLength(1);
      expect(result.exports).toBe(4);
    }
    expect(cwagg.requests.requests).toBe(4);
    expect(cwagg.logBytes).toBe(0);
    expect(emf.requests.requests).toBe(0);
    expect(emf.logLines).toBeGreaterThan(0);
    expect(powertools.requests.requests).toBe(0);
    // Histograms keep one value per bucket; Powertools writes every value.
    expect(cwagg.kept.distinctValues).toBeLessThan(VALUES / 4);
    expect(powertools.kept.distinctValues).toBe(VALUES);
    expect(cwagg.kept.maxPercentileError).toBeLessThanOrEqual(0.022);
    expect(emf.kept.maxPercentileError).toBeLessThanOrEqual(0.05);
    expect(powertools.kept.maxPercentileError).toBe(0);
    const figures = otelFigures([cwagg], { pricePer1000RequestsUsd: 0.01, logPricePerGbUsd: 0.5 });
    expect(figures.calls).toBe(200); // 4 calls per 20,000 values
    expect(figures.apiUsd).toBeCloseTo(0.002, 12);
    const report = otelTables({
      values: VALUES,
      valuesPerExport: 5_000,
      processes: 1,
      repetitions: 1,
      byContender: {
        otelCwagg: figures,
        otelEmf: otelFigures([emf], { pricePer1000RequestsUsd: 0.01, logPricePerGbUsd: 0.5 }),
        powertools: otelFigures([powertools], { pricePer1000RequestsUsd: 0.01, logPricePerGbUsd: 0.5 }),
      },
    }).join('\n');
    expect(report).toMatch(/OpenTelemetry SDK \+ CwaggMetricExporter/);
    expect(report).toMatch(/OpenTelemetry SDK \+ EMF writer/);
    expect(report).toMatch(/Powertools Metrics/);
  });

  it('the EMF writer writes lines whose histogram parts add up to what the SDK recorded', async () => {
    const lines: string[] = [];
    const exporter = new EmfMetricExporter('Ns', ['route'], (line) => lines.push(line));
    class Reader extends MetricReader {
      protected override async onForceFlush() {}
      protected override async onShutdown() {}
    }
    const reader = new Reader({
      aggregationSelector: (type) => exporter.selectAggregation(type),
      aggregationTemporalitySelector: () => exporter.selectAggregationTemporality(),
    });
    const provider = new MeterProvider({ readers: [reader] });
    const histogram = provider.getMeter('m').createHistogram(OTEL_METRIC);
    let sum = 0;
    for (let i = 1; i <= 3000; i++) {
      histogram.record(i * 1.7, { route: '/a' });
      sum += i * 1.7;
    }
    const { resourceMetrics } = await reader.collect();
    await new Promise((resolve) => exporter.export(resourceMetrics, resolve));
    const parts = lines.map((line) => JSON.parse(line));
    expect(parts.length).toBeGreaterThan(1); // over 100 buckets: several lines
    for (const part of parts) {
      expect(part.route).toBe('/a');
      expect(part._aws.CloudWatchMetrics[0]).toEqual({
        Namespace: 'Ns',
        Dimensions: [['route']],
        Metrics: [{ Name: OTEL_METRIC }],
      });
      expect(part[OTEL_METRIC].Values.length).toBeLessThanOrEqual(100);
    }
    const values = parts.map((part) => part[OTEL_METRIC]);
    expect(values.reduce((n: number, v: { Count: number }) => n + v.Count, 0)).toBe(3000);
    expect(values.reduce((n: number, v: { Sum: number }) => n + v.Sum, 0)).toBeCloseTo(sum, 6);
    expect(Math.min(...values.map((v: { Min: number }) => v.Min))).toBe(1.7);
    await provider.shutdown();
  });
});
