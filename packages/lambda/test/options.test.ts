/** The wrappers' options: checked when a handler is wrapped, with messages naming the option; the buffer made for Lambda. */
import { CwaggConfigError, MetricsBuffer } from '@cwagg/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LAMBDA_METRICS_DEFAULTS, type LambdaMetricsOptions } from '../src/index.js';
import { resolveLambdaMetricsOptions } from '../src/options.js';

const base = { namespace: 'Shop', region: 'us-east-1' };

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'setInterval', 'Date'] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('resolveLambdaMetricsOptions', () => {
  it('creates a buffer that sets no timer (a frozen environment cannot run one), with the documented defaults', async () => {
    const settings = resolveLambdaMetricsOptions({ ...base, closeTimeoutMs: 0 });
    settings.metrics.on('drop', () => {}); // closed with nothing sent: this test is about the timers
    expect(settings.metrics).toBeInstanceOf(MetricsBuffer);
    expect(settings.metrics).toMatchObject({ namespace: 'Shop', flushIntervalMs: 0 });
    expect(settings.responseMarginMs).toBe(LAMBDA_METRICS_DEFAULTS.responseMarginMs);
    expect(settings.coldStart).toBeUndefined();
    settings.metrics.record('Latency', 1, { storageResolution: 1 });
    expect(vi.getTimerCount()).toBe(0);
    await settings.metrics.close();
  });

  it('uses a buffer given as `metrics` as it is', () => {
    const metrics = new MetricsBuffer({ ...base, flushIntervalMs: 0 });
    expect(resolveLambdaMetricsOptions({ metrics, responseMarginMs: 0 })).toMatchObject({
      metrics,
      responseMarginMs: 0,
    });
  });

  it('fills in the cold-start metric: ColdStart, Count, with the dimensions given', () => {
    expect(resolveLambdaMetricsOptions({ ...base, coldStartMetric: true }).coldStart).toEqual({
      name: 'ColdStart',
      unit: 'Count',
      dimensions: {},
    });
    expect(
      resolveLambdaMetricsOptions({
        ...base,
        coldStartMetric: { name: 'Init', dimensions: { Service: 'checkout' } },
      }).coldStart,
    ).toEqual({ name: 'Init', unit: 'Count', dimensions: { Service: 'checkout' } });
    expect(resolveLambdaMetricsOptions({ ...base, coldStartMetric: false }).coldStart).toBeUndefined();
  });

  it('throws CwaggConfigError naming the option, for what could never work', () => {
    const bad: [unknown, RegExp][] = [
      [null, /need options/],
      [{ ...base, responseMarginMs: -1 }, /responseMarginMs must be an integer >= 0/],
      [{ ...base, responseMarginMs: 1.5 }, /responseMarginMs/],
      [{ ...base, coldStartMetric: 'yes' }, /coldStartMetric must be true, false or an object/],
      [
        { ...base, coldStartMetric: { name: '' } },
        /coldStartMetric: metric name must be 1\.\.255 characters/,
      ],
      [{ ...base, coldStartMetric: { unit: 'Parsecs' } }, /coldStartMetric: unit "Parsecs"/],
      [{ ...base, coldStartMetric: { dimensions: { Service: '' } } }, /coldStartMetric: dimension "Service"/],
      [{ metrics: {} }, /`metrics` must be a MetricsBuffer/],
      [
        { metrics: new MetricsBuffer({ ...base, flushIntervalMs: 0 }), namespace: 'Other' },
        /either `metrics` or the options of a buffer to create, not both \(got namespace\)/,
      ],
      [{ namespace: 'AWS/Lambda', region: 'us-east-1' }, /reserved for AWS services/],
    ];
    for (const [options, message] of bad) {
      const attempt = () => resolveLambdaMetricsOptions(options as LambdaMetricsOptions);
      expect(attempt).toThrow(CwaggConfigError);
      expect(attempt).toThrow(message);
    }
  });
});
