/** The functions' environment: the seed's settings, or METRICS in their place; and its size as Lambda counts it. */
import { describe, expect, it } from 'vitest';
import { readConfig } from '../lib/config.js';
import { environmentBytes, handlerEnvironment } from '../lib/environment.js';

describe('handlerEnvironment', () => {
  it('sets the seed’s single metric by default', () => {
    expect(handlerEnvironment(readConfig({}), { kind: 'single' })).toEqual({
      NAMESPACE: 'PutMetricDataExample',
      METRIC_NAME: 'PutMetricDataExample',
      UNIT: 'None',
      STORAGE_RESOLUTION: '60',
      NODE_OPTIONS: '--enable-source-maps',
    });
  });

  it('with metrics, sets METRICS (and the namespace it names) instead of the seed’s metric settings', () => {
    const config = readConfig({
      metrics: '{"Namespace":"Shop","Metrics":[{"Name":"v"}]}',
      recordDirectiveNamespaces: 'Functions',
      maxRelativeError: '0.01',
    });
    expect(handlerEnvironment(config, { kind: 'aggregated' })).toEqual({
      NAMESPACE: 'Shop',
      METRICS: '{"Namespace":"Shop","Metrics":[{"Name":"v"}]}',
      NODE_OPTIONS: '--enable-source-maps',
      RECORD_DIRECTIVE_NAMESPACES: 'Functions',
      MAX_RELATIVE_ERROR: '0.01',
    });
  });

  it('counts every name and value, in bytes', () => {
    expect(environmentBytes({ A: 'bc', É: 'é' })).toBe(1 + 2 + 2 + 2);
  });
});
