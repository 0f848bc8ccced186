import { describe, expect, it } from 'vitest';
import { HandlerConfigError, loadHandlerConfig } from '../src/index.js';

describe('handler configuration', () => {
  it('keeps the original sample’s names by default', () => {
    expect(loadHandlerConfig('aggregated', {})).toEqual({
      kind: 'aggregated',
      namespace: 'PutMetricDataExample',
      metric: {
        name: 'PutMetricDataExample',
        unit: 'None',
        storageResolution: 60,
        dimensions: { Type: 'PutMetricDataValuesAndCounts' },
      },
      maxAttempts: 5,
      requestTimeoutMs: 10_000,
      publishConcurrency: 10,
      logLevel: 'info',
    });
    expect(loadHandlerConfig('single', {}).metric.dimensions).toEqual({ Type: 'PutMetricDataSingleValue' });
  });

  it('reads every setting', () => {
    const config = loadHandlerConfig('aggregated', {
      NAMESPACE: 'Shop',
      METRIC_NAME: 'Latency',
      UNIT: 'Milliseconds',
      STORAGE_RESOLUTION: '1',
      DIMENSIONS: '{"Service":"checkout"}',
      VALUE_FIELD: 'metrics.latency',
      MAX_RELATIVE_ERROR: '0.01',
      CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:4582',
      MAX_ATTEMPTS: '3',
      PUBLISH_CONCURRENCY: '4',
      LOG_LEVEL: 'WARN',
    });
    expect(config).toMatchObject({
      namespace: 'Shop',
      metric: { name: 'Latency', unit: 'Milliseconds', storageResolution: 1 },
      valueField: ['metrics', 'latency'],
      maxRelativeError: 0.01,
      cloudwatchEndpoint: 'http://127.0.0.1:4582',
      maxAttempts: 3,
      publishConcurrency: 4,
      logLevel: 'warn',
    });
    expect(config.metric.dimensions).toEqual({ Service: 'checkout', Type: 'PutMetricDataValuesAndCounts' });
  });

  it('rejects a bad configuration at cold start, naming every problem', () => {
    const load = () =>
      loadHandlerConfig('single', {
        NAMESPACE: 'AWS/Lambda',
        UNIT: 'Furlongs',
        STORAGE_RESOLUTION: '30',
        DIMENSIONS: '{"Type":"x"}',
        MAX_RELATIVE_ERROR: '0.01',
        CLOUDWATCH_ENDPOINT: 'ftp://x',
        MAX_ATTEMPTS: '0',
        LOG_LEVEL: 'loud',
      });
    expect(load).toThrow(HandlerConfigError);
    const message = (() => {
      try {
        load();
      } catch (error) {
        return (error as Error).message;
      }
      return '';
    })();
    for (const fragment of [
      'NAMESPACE: namespace "AWS/Lambda" must not start with "AWS/"',
      'UNIT: unit "Furlongs"',
      'STORAGE_RESOLUTION: storage resolution must be 60 or 1',
      'DIMENSIONS must not set "Type"',
      'MAX_RELATIVE_ERROR applies to the aggregated handler only',
      'CLOUDWATCH_ENDPOINT must be an http(s) URL',
      'MAX_ATTEMPTS must be an integer from 1 to 20',
      'LOG_LEVEL must be one of',
    ]) {
      expect(message).toContain(fragment);
    }
    expect(() => loadHandlerConfig('aggregated', { DIMENSIONS: '[1]' })).toThrow(/JSON object/);
    expect(() => loadHandlerConfig('aggregated', { DIMENSIONS: '{' })).toThrow(/not valid JSON/);
    expect(() => loadHandlerConfig('aggregated', { MAX_RELATIVE_ERROR: '2' })).toThrow(
      /up to \(not including\) 1/,
    );
    expect(() => loadHandlerConfig('aggregated', { VALUE_FIELD: 'a..b' })).toThrow(/empty part/);
  });

  it('accepts only values that work: whole numbers as decimal digits, an error the aggregator can keep', () => {
    // Each of these used to pass the cold start: "0x3C" read as 60, "1e1" as 10, and 1e-17 made every
    // datum carry NaN, so every batch failed long after the function was deployed.
    const refused: Array<[Record<string, string>, RegExp]> = [
      [{ STORAGE_RESOLUTION: '0x3C' }, /STORAGE_RESOLUTION: storage resolution must be 60 or 1 \(got 0x3C\)/],
      [{ STORAGE_RESOLUTION: '6e1' }, /STORAGE_RESOLUTION/],
      [{ MAX_ATTEMPTS: '1e1' }, /MAX_ATTEMPTS must be an integer from 1 to 20 \(got "1e1"\)/],
      [{ MAX_ATTEMPTS: ' 3' }, /MAX_ATTEMPTS/],
      [{ MAX_ATTEMPTS: '+3' }, /MAX_ATTEMPTS/],
      [{ PUBLISH_CONCURRENCY: '0x10' }, /PUBLISH_CONCURRENCY/],
      [{ MAX_RELATIVE_ERROR: '1e-17' }, /MAX_RELATIVE_ERROR: maxRelativeError must be a number from 1e-9/],
      [{ MAX_RELATIVE_ERROR: '0x1p-4' }, /MAX_RELATIVE_ERROR must be a decimal number/],
      [{ MAX_RELATIVE_ERROR: 'Infinity' }, /MAX_RELATIVE_ERROR must be a decimal number/],
    ];
    for (const [env, message] of refused) {
      expect(() => loadHandlerConfig('aggregated', env), JSON.stringify(env)).toThrow(message);
    }
    expect(loadHandlerConfig('aggregated', { STORAGE_RESOLUTION: '60', MAX_ATTEMPTS: '10' })).toMatchObject({
      metric: { storageResolution: 60 },
      maxAttempts: 10,
    });
    expect(loadHandlerConfig('aggregated', { MAX_RELATIVE_ERROR: '1e-9' }).maxRelativeError).toBe(1e-9);
    expect(loadHandlerConfig('aggregated', { MAX_RELATIVE_ERROR: '.05' }).maxRelativeError).toBe(0.05);
  });
});
