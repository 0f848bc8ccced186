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

describe('the deployment zip of the single-value handler', () => {
  it('runs alone in a fresh process and makes one call per valid record', async () => {
    const payloads = [...Array.from({ length: 300 }, (_, i) => String(i % 50)), 'not a number'];
    const event = lambdaEventFromRecords(
      payloads.map((data, i) => ({
        data,
        sequenceNumber: String(10 ** 20 + i),
        approximateArrivalTimestamp: arrival,
      })),
    );
    const run = await invokeZip(zip, [event], {
      env: {
        CLOUDWATCH_ENDPOINT: cloudwatch.endpoint,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    expect(run.errors).toEqual([undefined]);
    expect(run.responses).toEqual([{ batchItemFailures: [] }]);
    expect(cloudwatch.stats().byAppId['cwagg-single']?.putMetricDataRequests).toBe(300);

    const client = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 't', secretAccessKey: 't' },
    });
    const query = {
      Namespace: 'PutMetricDataExample',
      Dimensions: [{ Name: 'Type', Value: 'PutMetricDataSingleValue' }],
      StartTime: new Date(arrival - 3_600_000),
      EndTime: new Date(arrival + 3_600_000),
      Period: 7200,
      Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum'] as const,
    };
    const values = await client.send(
      new GetMetricStatisticsCommand({
        ...query,
        MetricName: 'PutMetricDataExample',
        Statistics: [...query.Statistics],
      }),
    );
    expect(values.Datapoints?.[0]).toMatchObject({
      SampleCount: 300,
      Sum: (6 * (49 * 50)) / 2,
      Minimum: 0,
      Maximum: 49,
    });
    const invalid = await client.send(
      new GetMetricStatisticsCommand({ ...query, MetricName: 'InvalidRecords', Statistics: ['Sum'] }),
    );
    expect(invalid.Datapoints?.[0]?.Sum).toBe(1);
    const warning = run.stdout.split('\n').find((line) => line.includes('"WARN"'));
    expect(JSON.parse(warning ?? '{}')).toMatchObject({
      invalidRecords: 1,
      sample: [{ reason: 'payload "not a number" is not a decimal number' }],
    });
  });
});
