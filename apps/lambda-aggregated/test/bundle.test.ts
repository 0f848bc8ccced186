import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { invokeZip, lambdaEventFromRecords } from '@cwagg/local-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const zip = fileURLToPath(new URL('../dist/lambda.zip', import.meta.url));
const arrival = Date.now() - 60_000;
let cloudwatch: CloudWatchLocal;
beforeAll(async () => {
  cloudwatch = await startCloudWatchLocal({ port: 0 });
});
afterAll(() => cloudwatch.stop());

const environment = () => ({
  CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
  AWS_REGION: 'us-east-1',
  AWS_ACCESS_KEY_ID: 'test',
  AWS_SECRET_ACCESS_KEY: 'test',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
});

describe('the deployment zip of the aggregated handler', () => {
  it('runs alone from an empty directory and costs 1 call for 10,000 records with 1,001 distinct values', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => (i * 7919) % 1001);
    const event = lambdaEventFromRecords(
      values.map((value, i) => ({
        data: String(value),
        sequenceNumber: String(10 ** 20 + i),
        approximateArrivalTimestamp: arrival,
      })),
    );
    const run = await invokeZip(zip, [event], { env: environment() });
    expect(run.errors).toEqual([undefined]);
    expect(run.responses).toEqual([{ batchItemFailures: [] }]);
    // Nothing to lean on: no node_modules anywhere above the directory it ran from.
    for (let dir = run.directory; dir !== dirname(dir); dir = dirname(dir)) {
      expect(existsSync(join(dir, 'node_modules'))).toBe(false);
    }
    expect(cloudwatch.stats().byAppId['cwagg-aggregated']?.putMetricDataRequests).toBe(1);

    const client = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    const query = {
      Namespace: 'PutMetricDataExample',
      MetricName: 'PutMetricDataExample',
      Dimensions: [{ Name: 'Type', Value: 'PutMetricDataValuesAndCounts' }],
      StartTime: new Date(arrival - 3_600_000),
      EndTime: new Date(arrival + 3_600_000),
      Period: 7200,
    };
    const basic = await client.send(
      new GetMetricStatisticsCommand({ ...query, Statistics: ['SampleCount', 'Sum', 'Maximum'] }),
    );
    const sorted = [...values].sort((a, b) => a - b);
    expect(basic.Datapoints?.[0]).toMatchObject({
      SampleCount: 10_000,
      Sum: values.reduce((sum, value) => sum + value, 0),
      Maximum: 1000,
    });
    const tail = await client.send(new GetMetricStatisticsCommand({ ...query, ExtendedStatistics: ['p99'] }));
    expect(tail.Datapoints?.[0]?.ExtendedStatistics?.p99).toBe(sorted[Math.ceil(0.99 * sorted.length) - 1]);
    expect(JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '{}')).toMatchObject({
      message: 'batch processed',
      requests: 1,
    });
  });

  it('stops at cold start with every configuration problem named', async () => {
    const run = await invokeZip(zip, [{ Records: [] }], {
      env: { ...environment(), NAMESPACE: 'AWS/Lambda', MAX_ATTEMPTS: 'lots' },
    });
    expect(run.responses).toEqual([]);
    expect(run.errors[0]).toMatch(/HandlerConfigError: Invalid aggregated handler configuration/);
    expect(run.errors[0]).toMatch(/must not start with "AWS\/"/);
    expect(run.errors[0]).toMatch(/MAX_ATTEMPTS must be an integer/);
  });
});
