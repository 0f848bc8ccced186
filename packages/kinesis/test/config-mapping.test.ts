/** METRICS and RECORD_DIRECTIVE_NAMESPACES at cold start: what they give the handler, and every problem named. */
import { describe, expect, it } from 'vitest';
import { HandlerConfigError, loadHandlerConfig, writableNamespaces } from '../src/index.js';

const EXAMPLE =
  '{"Dimensions":[["route"],["route","status"]],"Metrics":[{"Name":"latencyMs","Unit":"Milliseconds"},{"Name":"bytes","Unit":"Bytes"}]}';

function problems(env: Record<string, string>): string {
  try {
    loadHandlerConfig('aggregated', env);
  } catch (error) {
    expect(error).toBeInstanceOf(HandlerConfigError);
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(env)} to be refused`);
}

describe('METRICS', () => {
  it('compiles the directive with the handler’s own dimensions on every metric, in NAMESPACE by default', () => {
    const config = loadHandlerConfig('aggregated', { METRICS: EXAMPLE, DIMENSIONS: '{"Env":"demo"}' });
    expect(config.namespace).toBe('PutMetricDataExample');
    expect(config.mapping?.metrics.map((m) => m.name)).toEqual(['latencyMs', 'bytes']);
    expect(config.mapping?.fixedDimensions).toEqual({ Env: 'demo', Type: 'PutMetricDataValuesAndCounts' });
    expect(writableNamespaces(config)).toEqual(['PutMetricDataExample']);
  });

  it('publishes in the directive’s namespace, and refuses a different NAMESPACE beside it', () => {
    const metrics = '{"Namespace":"Shop","Metrics":[{"Name":"v"}]}';
    expect(loadHandlerConfig('single', { METRICS: metrics }).namespace).toBe('Shop');
    expect(loadHandlerConfig('single', { METRICS: metrics, NAMESPACE: 'Shop' }).namespace).toBe('Shop');
    expect(problems({ METRICS: metrics, NAMESPACE: 'Web' })).toContain(
      'METRICS names the namespace "Shop" and NAMESPACE is "Web": set one of them',
    );
  });

  it('names every problem of the directive, and the seed settings it replaces', () => {
    const message = problems({
      METRICS: '{"Dimensions":[["Type"]],"Metrics":[{"Name":"v","Unit":"Secs"}]}',
      VALUE_FIELD: 'v',
      METRIC_NAME: 'Latency',
    });
    expect(message).toContain('METRICS: Metrics[0].Unit: unit "Secs" is not a CloudWatch unit');
    expect(message).toContain('METRICS: Dimensions[0]: "Type" is a fixed dimension');
    expect(message).toContain('VALUE_FIELD does not apply with METRICS');
    expect(message).toContain('METRIC_NAME does not apply with METRICS');
    expect(problems({ METRICS: '{"Metrics":' })).toMatch(/METRICS is not valid JSON \(.*\): \{"Metrics":/);
    expect(problems({ METRICS: '[]' })).toContain('METRICS: the directive must be a JSON object');
  });
});

describe('RECORD_DIRECTIVE_NAMESPACES', () => {
  it('lists the namespaces records may carry their own directive for, which the function may write', () => {
    const config = loadHandlerConfig('aggregated', { RECORD_DIRECTIVE_NAMESPACES: 'Functions, Billing' });
    expect([...(config.recordDirectiveNamespaces ?? [])]).toEqual(['Functions', 'Billing']);
    expect(writableNamespaces(config)).toEqual(['PutMetricDataExample', 'Functions', 'Billing']);
    expect(loadHandlerConfig('aggregated', {}).recordDirectiveNamespaces).toBeUndefined();
  });

  it('refuses a namespace CloudWatch would refuse, and an empty entry', () => {
    const message = problems({ RECORD_DIRECTIVE_NAMESPACES: 'Good,,AWS/Lambda' });
    expect(message).toContain('RECORD_DIRECTIVE_NAMESPACES: an entry is empty');
    expect(message).toContain(
      'RECORD_DIRECTIVE_NAMESPACES: namespace "AWS/Lambda" must not start with "AWS/"',
    );
  });
});
