import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { jsonRequest, uniqueNamespace } from './helpers.js';

let cw: CloudWatchLocal;

beforeAll(async () => {
  cw = await startCloudWatchLocal();
});

afterAll(async () => {
  await cw.stop();
});

const nowSeconds = () => Date.now() / 1000;
const datum = (extra: Record<string, unknown> = {}) => ({ MetricName: 'M', Value: 1, ...extra });
const dims = (n: number) => Array.from({ length: n }, (_, i) => ({ Name: `D${i}`, Value: 'v' }));

/** [what, request body, expected error code, expected message (exact string or pattern)] */
type Case = [string, Record<string, unknown>, string, string | RegExp];

const ns = 'Validation';
const CASES: Case[] = [
  [
    'namespace missing',
    { MetricData: [datum()] },
    'MissingParameter',
    'The parameter Namespace is required.',
  ],
  [
    'reserved namespace',
    { Namespace: 'AWS/EC2', MetricData: [datum()] },
    'InvalidParameterValue',
    /AWS\/ is reserved/,
  ],
  [
    'namespace with a colon first',
    { Namespace: ':x', MetricData: [datum()] },
    'InvalidParameterValue',
    /colon/,
  ],
  [
    'namespace too long',
    { Namespace: 'n'.repeat(256), MetricData: [datum()] },
    'InvalidParameterValue',
    /between 1 and 255.*256/,
  ],
  ['namespace not ASCII', { Namespace: 'Café', MetricData: [datum()] }, 'InvalidParameterValue', /ASCII/],
  ['namespace with a tab', { Namespace: 'a\tb', MetricData: [datum()] }, 'InvalidParameterValue', /control/],
  [
    'no datums',
    { Namespace: ns, MetricData: [] },
    'MissingParameter',
    'The parameter MetricData is required.',
  ],
  [
    'more than 1000 datums',
    { Namespace: ns, MetricData: Array.from({ length: 1001 }, () => datum()) },
    'InvalidParameterValue',
    /not have more than 1000 .* 1001/,
  ],
  [
    'metric name missing',
    { Namespace: ns, MetricData: [datum(), { Value: 1 }] },
    'MissingParameter',
    'The parameter MetricData.member.2.MetricName is required.',
  ],
  [
    'metric name empty',
    { Namespace: ns, MetricData: [datum({ MetricName: '' })] },
    'InvalidParameterValue',
    /MetricData\.member\.1\.MetricName must be between 1 and 255/,
  ],
  [
    '31 dimensions',
    { Namespace: ns, MetricData: [datum({ Dimensions: dims(31) })] },
    'InvalidParameterValue',
    /MetricData\.member\.1\.Dimensions must not have more than 30/,
  ],
  [
    'dimension value missing',
    { Namespace: ns, MetricData: [datum({ Dimensions: [{ Name: 'A' }] })] },
    'MissingParameter',
    'The parameter MetricData.member.1.Dimensions.member.1.Value is required.',
  ],
  [
    'dimension value too long',
    { Namespace: ns, MetricData: [datum({ Dimensions: [{ Name: 'A', Value: 'v'.repeat(1025) }] })] },
    'InvalidParameterValue',
    /Dimensions\.member\.1\.Value must be between 1 and 1024/,
  ],
  [
    'dimension name repeated',
    {
      Namespace: ns,
      MetricData: [
        datum({
          Dimensions: [
            { Name: 'A', Value: 'x' },
            { Name: 'A', Value: 'y' },
          ],
        }),
      ],
    },
    'InvalidParameterValue',
    /Dimensions\.member\.2\.Name .*repeated/,
  ],
  [
    'Infinity',
    { Namespace: ns, MetricData: [datum({ Value: 'Infinity' })] },
    'InvalidParameterValue',
    'The value Infinity for parameter MetricData.member.1.Value is invalid.',
  ],
  [
    'beyond 2^360',
    { Namespace: ns, MetricData: [datum({ Value: 2 ** 361 })] },
    'InvalidParameterValue',
    /MetricData\.member\.1\.Value is invalid/,
  ],
  [
    '151 values',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Values: Array.from({ length: 151 }, (_, i) => i) }] },
    'InvalidParameterValue',
    /Values must not have more than 150/,
  ],
  [
    'counts of another length',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Values: [1, 2], Counts: [1] }] },
    'InvalidParameterValue',
    /Values and MetricData\.member\.1\.Counts must have the same number of members/,
  ],
  [
    'negative count',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Values: [1, 2], Counts: [1, -2] }] },
    'InvalidParameterValue',
    /Counts\.member\.2 is invalid/,
  ],
  [
    'NaN count',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Values: [1], Counts: ['NaN'] }] },
    'InvalidParameterValue',
    'The value NaN for parameter MetricData.member.1.Counts.member.1 is invalid.',
  ],
  [
    'Value with Values',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Value: 1, Values: [1] }] },
    'InvalidParameterCombination',
    /MetricData\.member\.1\.Value and MetricData\.member\.1\.Values are mutually exclusive/,
  ],
  [
    'Counts without Values',
    { Namespace: ns, MetricData: [{ MetricName: 'M', Value: 1, Counts: [1] }] },
    'InvalidParameterCombination',
    /Counts was given without/,
  ],
  [
    'no value at all',
    { Namespace: ns, MetricData: [{ MetricName: 'M' }] },
    'MissingParameter',
    /MetricData\.member\.1\.Value is required/,
  ],
  [
    'statistic set without Sum',
    {
      Namespace: ns,
      MetricData: [{ MetricName: 'M', StatisticValues: { SampleCount: 1, Minimum: 1, Maximum: 1 } }],
    },
    'MissingParameter',
    'The parameter MetricData.member.1.StatisticValues.Sum is required.',
  ],
  [
    'statistic set with SampleCount 0',
    {
      Namespace: ns,
      MetricData: [{ MetricName: 'M', StatisticValues: { SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0 } }],
    },
    'InvalidParameterValue',
    /StatisticValues\.SampleCount is invalid/,
  ],
  [
    'statistic set with Minimum > Maximum',
    {
      Namespace: ns,
      MetricData: [{ MetricName: 'M', StatisticValues: { SampleCount: 2, Sum: 5, Minimum: 3, Maximum: 2 } }],
    },
    'InvalidParameterValue',
    /StatisticValues\.Minimum \(3\) must not be greater than .*Maximum \(2\)/,
  ],
  [
    'unknown unit',
    { Namespace: ns, MetricData: [datum({ Unit: 'Millis' })] },
    'InvalidParameterValue',
    /The value Millis for parameter MetricData\.member\.1\.Unit is invalid/,
  ],
  [
    'storage resolution 30',
    { Namespace: ns, MetricData: [datum({ StorageResolution: 30 })] },
    'InvalidParameterValue',
    /StorageResolution is invalid/,
  ],
  [
    'timestamp 15 days old',
    { Namespace: ns, MetricData: [datum({ Timestamp: nowSeconds() - 15 * 86_400 })] },
    'InvalidParameterValue',
    /Timestamp must specify a time no more than 14 days in the past/,
  ],
  [
    'timestamp 3 hours ahead',
    { Namespace: ns, MetricData: [datum({ Timestamp: nowSeconds() + 3 * 3600 })] },
    'InvalidParameterValue',
    /Timestamp must specify a time no more than 2 hours in the future/,
  ],
  [
    'MetricData not a list',
    { Namespace: ns, MetricData: 'x' },
    'InvalidParameterValue',
    /MetricData is invalid. It must be a list/,
  ],
  [
    'value as a string',
    { Namespace: ns, MetricData: [datum({ Value: '12' })] },
    'InvalidParameterValue',
    /MetricData\.member\.1\.Value is invalid. It must be a number/,
  ],
];

describe('PutMetricData validation (JSON 1.0 requests as the SDK sends them)', () => {
  it.each(CASES)('refuses %s, storing nothing', async (_what, body, code, message) => {
    const before = cw.stats();
    const response = await jsonRequest(cw.endpoint, 'PutMetricData', body);
    expect(response.status).toBe(400);
    expect(response.code).toBe(code);
    expect(response.headers.get('x-amzn-query-error')).toBe(`${code};Sender`);
    if (typeof message === 'string') expect(response.json.message).toBe(message);
    else expect(response.json.message).toMatch(message);
    expect(String(response.json.__type)).toMatch(/^com\.amazonaws\.cloudwatch#/);
    const after = cw.stats();
    expect(after.storedMetrics).toBe(before.storedMetrics);
    expect(after.storedValues).toBe(before.storedValues);
    expect(after.putMetricData.rejected).toBe(before.putMetricData.rejected + 1);
  });

  it('accepts the edges of every limit', async () => {
    const namespace = uniqueNamespace();
    const accepted = [
      datum({ Value: 2 ** 360 }),
      datum({ Value: -(2 ** 360) }),
      datum({ Dimensions: dims(30) }),
      datum({ MetricName: 'm'.repeat(255) }),
      datum({ Dimensions: [{ Name: 'n'.repeat(255), Value: 'v'.repeat(1024) }] }),
      { MetricName: 'M', Values: Array.from({ length: 150 }, (_, i) => i), Counts: Array(150).fill(0) },
      {
        MetricName: 'M',
        Values: [1, 2],
        StatisticValues: { SampleCount: 2, Sum: 3, Minimum: 1, Maximum: 2 },
      },
      datum({ Timestamp: nowSeconds() - 13 * 86_400, StorageResolution: 1, Unit: 'Count/Second' }),
      datum({ Timestamp: nowSeconds() + 3600, StorageResolution: 60 }),
    ];
    const response = await jsonRequest(cw.endpoint, 'PutMetricData', {
      Namespace: 'n'.repeat(230) + namespace.slice(-25).padStart(25, '-'),
      MetricData: [...accepted, ...Array.from({ length: 1000 - accepted.length }, () => datum())],
    });
    expect(response.json.message).toBeUndefined();
    expect(response.status).toBe(200);
    expect(response.json).toEqual({});
  });

  it('takes an AWS/ namespace only with allowAwsNamespaces, to stand in for AWS services', async () => {
    const standIn = await startCloudWatchLocal({ allowAwsNamespaces: true });
    try {
      const body = { Namespace: 'AWS/Lambda', MetricData: [datum({ MetricName: 'Duration' })] };
      expect((await jsonRequest(cw.endpoint, 'PutMetricData', body)).code).toBe('InvalidParameterValue');
      expect((await jsonRequest(standIn.endpoint, 'PutMetricData', body)).status).toBe(200);
      expect(standIn.stats().storedMetrics).toBe(1);
    } finally {
      await standIn.stop();
    }
  });

  it('stores the datums of EntityMetricData', async () => {
    const namespace = uniqueNamespace();
    const response = await jsonRequest(cw.endpoint, 'PutMetricData', {
      Namespace: namespace,
      EntityMetricData: [
        {
          Entity: { KeyAttributes: { Type: 'Service', Name: 'shop' }, Attributes: {} },
          MetricData: [datum({ MetricName: 'FromEntity' })],
        },
      ],
      StrictEntityValidation: false,
    });
    expect(response.status).toBe(200);
    const list = await jsonRequest(cw.endpoint, 'ListMetrics', { Namespace: namespace });
    expect(list.json.Metrics).toEqual([{ Namespace: namespace, MetricName: 'FromEntity', Dimensions: [] }]);
  });
});
