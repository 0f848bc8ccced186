/**
 * Single requests that used to take the endpoint down or answer 500: a request target no URL parser
 * accepts (the process exited), timestamps outside what a Date holds, and values nested hundreds of
 * thousands deep. Each gets a 4xx naming what is wrong, and the endpoint goes on serving.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { formBody, jsonRequest, uniqueNamespace } from './helpers.js';
import { post, rawExchange } from './support/abuse.js';

let cw: CloudWatchLocal;
beforeAll(async () => {
  cw = await startCloudWatchLocal();
});
afterAll(async () => {
  await cw.stop();
});

/** The endpoint still stores and reads back. */
async function expectStillServing(): Promise<void> {
  const Namespace = uniqueNamespace('Alive');
  const put = await jsonRequest(cw.endpoint, 'PutMetricData', {
    Namespace,
    MetricData: [{ MetricName: 'M', Value: 1 }],
  });
  expect(put.status).toBe(200);
  const list = await jsonRequest(cw.endpoint, 'ListMetrics', { Namespace });
  expect(list.json.Metrics).toHaveLength(1);
}

describe('request targets no URL parser accepts', () => {
  it.each([
    ['an absolute URL with a broken host', 'http://['],
    ['a bracketed IPv6 literal left open', 'http://[::1/'],
    ['an authority form', '127.0.0.1:80'],
    ['an asterisk', '*'],
  ])('%s (%s) gets a 400 and the endpoint keeps serving', async (_what, target) => {
    const answer = await rawExchange(cw.port, `GET ${target} HTTP/1.1\r\nhost: 127.0.0.1\r\n\r\n`);
    expect(answer.status).toBe(400);
    await expectStillServing();
  });
});

describe('timestamps no Date holds', () => {
  const tooFar = [1e300, -1e300, 9e15, 8.64e12 + 1];

  it.each(tooFar)(
    'JSON: a datum Timestamp of %s is InvalidParameterValue naming the field',
    async (seconds) => {
      const answer = await jsonRequest(cw.endpoint, 'PutMetricData', {
        Namespace: uniqueNamespace('Time'),
        MetricData: [
          { MetricName: 'M', Value: 1 },
          { MetricName: 'M', Value: 1, Timestamp: seconds },
        ],
      });
      expect(answer.status).toBe(400);
      expect(answer.code).toBe('InvalidParameterValue');
      expect(answer.json.message).toMatch(/MetricData\.member\.2\.Timestamp/);
    },
  );

  it('JSON: StartTime and EndTime of 1e300 are InvalidParameterValue naming the field', async () => {
    for (const [field, times] of [
      ['StartTime', { StartTime: 1e300, EndTime: 1 }],
      ['EndTime', { StartTime: 1, EndTime: 1e300 }],
    ] as const) {
      const answer = await jsonRequest(cw.endpoint, 'GetMetricStatistics', {
        Namespace: 'N',
        MetricName: 'M',
        Period: 60,
        Statistics: ['Sum'],
        ...times,
      });
      expect(answer.status, field).toBe(400);
      expect(answer.json.message, field).toMatch(new RegExp(`parameter ${field}\\b`));
    }
  });

  it('Query: a Timestamp of 1e300 or in year 300000 is InvalidParameterValue naming the field', async () => {
    for (const timestamp of ['1e300', '300000-01-01T00:00:00Z', '+275760-09-13T00:00:00.001Z']) {
      const response = await fetch(cw.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: formBody({
          Action: 'PutMetricData',
          Version: '2010-08-01',
          Namespace: 'N',
          'MetricData.member.1.MetricName': 'M',
          'MetricData.member.1.Value': 1,
          'MetricData.member.1.Timestamp': timestamp,
        }),
      });
      const text = await response.text();
      expect(response.status, timestamp).toBe(400);
      expect(text, timestamp).toMatch(
        /<Code>InvalidParameterValue<\/Code>.*MetricData\.member\.1\.Timestamp/,
      );
    }
    await expectStillServing();
  });
});

describe('values nested deep', () => {
  // As deep as a body under the 1 MiB cap can nest them.
  const deepArray = `${'['.repeat(400_000)}${']'.repeat(400_000)}`;
  const deepObject = `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`;

  it.each([
    ['the namespace', (deep: string) => `{"Namespace":${deep}}`],
    ['a datum', (deep: string) => `{"Namespace":"N","MetricData":[${deep}]}`],
    ['a value', (deep: string) => `{"Namespace":"N","MetricData":[{"MetricName":"M","Value":${deep}}]}`],
    [
      'an entity attribute',
      (deep: string) => `{"Namespace":"N","EntityMetricData":[{"Entity":{"Attributes":{"k":${deep}}}}]}`,
    ],
  ])('JSON: %s nested 150,000 and 400,000 deep is a 400 naming the field', async (_what, wrap) => {
    for (const deep of [deepArray, deepObject]) {
      const answer = await rawExchange(
        cw.port,
        post(
          {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
          },
          wrap(deep),
        ),
      );
      expect(answer.status).toBe(400);
      expect(JSON.parse(answer.body).message).toMatch(
        /The (value .* for )?parameter [\w.]+ is (invalid|required)/,
      );
    }
    await expectStillServing();
  });

  it('Query: a parameter name of 300,000 segments is a MalformedQueryString', async () => {
    const key = Array.from({ length: 300_000 }, () => 'a').join('.');
    const answer = await rawExchange(
      cw.port,
      post(
        { 'content-type': 'application/x-www-form-urlencoded' },
        `Action=PutMetricData&Version=2010-08-01&Namespace=N&${key}=1`,
      ),
    );
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/<Code>MalformedQueryString<\/Code>/);
    await expectStillServing();
  });
});
