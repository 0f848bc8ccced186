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
    expect(() => loadHandlerConfig('aggregated', { MAX_RELATIVE_ERROR: '2' })).toThrow(/between 0 and 1/);
    expect(() => loadHandlerConfig('aggregated', { VALUE_FIELD: 'a..b' })).toThrow(/empty part/);
  });
});
