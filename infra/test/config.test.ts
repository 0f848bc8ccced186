import { MAX_NAMESPACE_LENGTH } from '@cwagg/core/limits';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG, InfraConfigError, PARAMETER_KEYS, readConfig } from '../lib/config.js';

function problemsOf(context: Record<string, unknown>): readonly string[] {
  try {
    readConfig(context);
  } catch (error) {
    if (error instanceof InfraConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be refused`);
}

describe('readConfig', () => {
  it('takes the defaults when no parameter is given, batch size 150 as in the original sample', () => {
    const config = readConfig({});
    expect(config).toEqual(DEFAULT_CONFIG);
    expect(config.batchSize).toBe(150);
    expect(config.namespace).toBe('PutMetricDataExample');
    expect(config.metricName).toBe('PutMetricDataExample');
  });

  it('parses the strings `-c key=value` delivers and the numbers cdk.json delivers', () => {
    const config = readConfig({
      batchSize: '10000',
      shardCount: 4,
      parallelizationFactor: ' 10 ',
      retryAttempts: '0',
      batchingWindowSeconds: '0',
      namespace: 'Shop/Checkout',
      logRetentionDays: '30',
    });
    expect(config).toMatchObject({
      batchSize: 10_000,
      shardCount: 4,
      parallelizationFactor: 10,
      retryAttempts: 0,
      batchingWindowSeconds: 0,
      namespace: 'Shop/Checkout',
      logRetentionDays: 30,
    });
  });

  it('ignores context keys that are not its parameters (CDK feature flags and the like)', () => {
    expect(readConfig({ '@aws-cdk/core:checkSecretUsage': true, 'cli-telemetry': false })).toEqual(
      DEFAULT_CONFIG,
    );
  });

  it.each([
    ['batchSize', '10001', 'batchSize: must be an integer from 1 to 10000 (got "10001")'],
    ['batchSize', '0', 'batchSize: must be an integer from 1 to 10000 (got "0")'],
    ['batchSize', 'many', 'batchSize: must be an integer from 1 to 10000 (got "many")'],
    ['batchSize', '1.5', 'batchSize: must be an integer from 1 to 10000 (got "1.5")'],
    ['batchSize', '', 'batchSize: must be an integer from 1 to 10000 (got "")'],
    ['shardCount', '0', 'shardCount: must be an integer at least 1 (got "0")'],
    ['retentionHours', '23', 'retentionHours: must be an integer from 24 to 8760 (got "23")'],
    ['batchingWindowSeconds', '301', 'batchingWindowSeconds: must be an integer from 0 to 300 (got "301")'],
    ['parallelizationFactor', '11', 'parallelizationFactor: must be an integer from 1 to 10 (got "11")'],
    [
      'tumblingWindowSeconds',
      '0',
      'tumblingWindowSeconds: must be an integer from 1 to 900 (got "0"): Lambda\'s TumblingWindowInSeconds for the aggregated function; leave it unset for no window',
    ],
    ['tumblingWindowSeconds', '901', 'tumblingWindowSeconds: must be an integer from 1 to 900 (got "901")'],
    ['tumblingWindowSeconds', '1.5', 'tumblingWindowSeconds: must be an integer from 1 to 900 (got "1.5")'],
    // -1 would mean "retry until the record expires": a poison record would block its shard.
    ['retryAttempts', '-1', 'retryAttempts: must be an integer from 0 to 10000 (got "-1")'],
    ['maxRecordAgeSeconds', '-1', 'maxRecordAgeSeconds: must be an integer from 60 to 604800 (got "-1")'],
    ['maxRecordAgeSeconds', '59', 'maxRecordAgeSeconds: must be an integer from 60 to 604800 (got "59")'],
    ['memoryMb', '127', 'memoryMb: must be an integer from 128 to 10240 (got "127")'],
    ['timeoutSeconds', '901', 'timeoutSeconds: must be an integer from 1 to 900 (got "901")'],
    ['logRetentionDays', '13', 'logRetentionDays: must be one of 1, 3, 5, 7, 14, 30, 60, 90'],
    ['namespace', 'AWS/Lambda', 'namespace: namespace "AWS/Lambda" must not start with "AWS/"'],
    ['namespace', '', 'namespace: namespace must be 1..255 characters'],
    ['namespace', 'Météo', 'namespace: namespace "Météo" must contain only printable ASCII characters'],
    ['namespace', ':Shop', `namespace: namespace ":Shop" must not start with ':'`],
    ['metricName', '', 'metricName: metric name must be 1..255 characters'],
    ['unit', 'Millis', 'unit: unit "Millis" is not a CloudWatch unit'],
    ['dimensions', '{"Env":', 'dimensions: must be a JSON object such as {"Env":"demo"}'],
    ['dimensions', '["Env"]', 'dimensions: must be a JSON object such as {"Env":"demo"}'],
    ['dimensions', '{"Type":"mine"}', 'dimensions: must not set "Type": each handler sets it'],
    ['dimensions', '{"Env":7}', 'dimensions: dimension "Env" must have a string value'],
    [
      'dimensions',
      JSON.stringify(Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`D${i}`, 'x']))),
      'at most 30 dimensions (got 31)',
    ],
    ['valueField', 'a..b', 'valueField: "a..b" has an empty part'],
    ['maxRelativeError', '1', 'maxRelativeError: must be a number between 0 and 1, e.g. 0.01 (got "1")'],
    [
      'maxRelativeError',
      'small',
      'maxRelativeError: must be a number between 0 and 1, e.g. 0.01 (got "small")',
    ],
    ['iteratorAgeAlarmSeconds', '0', 'iteratorAgeAlarmSeconds: must be an integer from 1 to 604800'],
  ])('refuses %s=%s with a message that says what is allowed', (key, value, message) => {
    const problems = problemsOf({ [key]: value });
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(message);
  });

  it('reads the optional handler settings', () => {
    expect(
      readConfig({
        dimensions: '{"Env":"demo"}',
        valueField: 'latency.ms',
        maxRelativeError: '0.01',
        unit: 'Milliseconds',
      }),
    ).toMatchObject({
      dimensions: { Env: 'demo' },
      valueField: 'latency.ms',
      maxRelativeError: 0.01,
      unit: 'Milliseconds',
    });
    expect(readConfig({ dimensions: { Env: 'demo' } }).dimensions).toEqual({ Env: 'demo' });
    expect(DEFAULT_CONFIG).toMatchObject({
      dimensions: {},
      valueField: undefined,
      maxRelativeError: undefined,
    });
  });

  it('takes the namespace limits from @cwagg/core', () => {
    expect(readConfig({ namespace: 'N'.repeat(MAX_NAMESPACE_LENGTH) }).namespace).toHaveLength(
      MAX_NAMESPACE_LENGTH,
    );
    expect(problemsOf({ namespace: 'N'.repeat(MAX_NAMESPACE_LENGTH + 1) })[0]).toContain(
      `namespace must be 1..${MAX_NAMESPACE_LENGTH} characters`,
    );
  });

  it('reports every bad value at once, in a message a person can act on', () => {
    let caught: unknown;
    try {
      readConfig({ batchSize: '20000', memoryMb: 'lots', namespace: 'AWS/X' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(InfraConfigError);
    const message = (caught as Error).message;
    expect(message.split('\n')[0]).toBe('Invalid deployment parameters:');
    expect(message).toContain('  - batchSize: must be');
    expect(message).toContain('  - memoryMb: must be');
    expect(message).toContain('  - namespace: namespace "AWS/X" must not start with "AWS/"');
  });

  it('refuses a parameter spelled in the wrong case instead of silently deploying the default', () => {
    expect(problemsOf({ batchsize: '500' })).toEqual([
      'unknown parameter batchsize: did you mean batchSize?',
    ]);
  });

  it('refuses a non-string namespace', () => {
    expect(problemsOf({ namespace: 42 })[0]).toBe('namespace: must be a string (got 42)');
  });

  it('has a default for every parameter that passes its own validation', () => {
    const given = PARAMETER_KEYS.filter((key) => DEFAULT_CONFIG[key] !== undefined);
    const asContext = Object.fromEntries(
      given.map((key) => {
        const value = DEFAULT_CONFIG[key];
        return [key, typeof value === 'object' ? JSON.stringify(value) : String(value)];
      }),
    );
    expect(readConfig(asContext)).toEqual(DEFAULT_CONFIG);
  });
});
