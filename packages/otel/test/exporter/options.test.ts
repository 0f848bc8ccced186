import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { AggregationType, InstrumentType } from '@opentelemetry/sdk-metrics';
import { describe, expect, it } from 'vitest';
import {
  CwaggConfigError,
  CwaggMetricExporter,
  type CwaggMetricExporterOptions,
  DEFAULT_EXPLICIT_BOUNDARIES,
  EXPORTER_DEFAULTS,
} from '../../src/index.js';

const client = new CloudWatchClient({ region: 'us-east-1', endpoint: 'http://127.0.0.1:9' });
const make = (options: Partial<CwaggMetricExporterOptions>) =>
  new CwaggMetricExporter({ namespace: 'Shop', client, ...options } as CwaggMetricExporterOptions);

describe('options', () => {
  it('refuses, at construction, configuration CloudWatch would reject on every request', () => {
    const cases: [Partial<CwaggMetricExporterOptions>, RegExp][] = [
      [{ namespace: 'AWS/Shop' }, /reserved for AWS services/],
      [{ client: {} as never }, /client must be a CloudWatchClient/],
      [{ attributes: { route: 'Route' }, resourceAttributes: { 'service.name': 'Route' } }, /distinct/],
      [{ attributes: Array.from({ length: 31 }, (_, i) => `a${i}`) }, /at most 30 dimensions/],
      [{ attributes: { route: ':Route' } }, /:/],
      [{ overflowValue: '' }, /overflowValue/],
      [{ maxValuesPerDimension: 0 }, /maxValuesPerDimension must be an integer of at least 1/],
      [{ maxBuckets: 1 }, /maxBuckets/],
      [{ boundaries: [1, 1] }, /increasing/],
      [{ histogram: 'linear' as never }, /histogram must be/],
      [{ storageResolution: 5 as never }, /storageResolution/],
      [{ exportTimeoutMs: 0 }, /exportTimeoutMs/],
    ];
    for (const [options, message] of cases) {
      expect(() => make(options), JSON.stringify(options)).toThrow(CwaggConfigError);
      expect(() => make(options)).toThrow(message);
    }
  });

  it('asks the SDK for exponential histograms by default, explicit ones with the boundaries when set', () => {
    expect(make({}).selectAggregation(InstrumentType.HISTOGRAM)).toEqual({
      type: AggregationType.EXPONENTIAL_HISTOGRAM,
      options: { maxSize: EXPORTER_DEFAULTS.maxBuckets, recordMinMax: true },
    });
    expect(make({ histogram: 'explicit' }).selectAggregation(InstrumentType.HISTOGRAM)).toEqual({
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [...DEFAULT_EXPLICIT_BOUNDARIES], recordMinMax: true },
    });
    expect(make({}).selectAggregation(InstrumentType.COUNTER)).toEqual({ type: AggregationType.DEFAULT });
  });

  it('uses the powers of 2^(1/16) from 2^-14 to 2^17 as default explicit boundaries', () => {
    expect(DEFAULT_EXPLICIT_BOUNDARIES).toHaveLength(497);
    expect(DEFAULT_EXPLICIT_BOUNDARIES[0]).toBe(2 ** -14);
    expect(DEFAULT_EXPLICIT_BOUNDARIES.at(-1)).toBe(2 ** 17);
    expect(DEFAULT_EXPLICIT_BOUNDARIES).toContain(1);
  });
});
