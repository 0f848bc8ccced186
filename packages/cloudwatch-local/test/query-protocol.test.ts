import { gzipSync } from 'node:zlib';
import {
  type CloudWatchClient,
  GetMetricStatisticsCommand,
  type MetricDatum,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import {
  formBody,
  minuteAgo,
  parseXml,
  queryRequest,
  sdkClient,
  uniqueNamespace,
  type XmlElement,
  xmlAll,
  xmlText,
} from './helpers.js';

let cw: CloudWatchLocal;
let client: CloudWatchClient;

beforeAll(async () => {
  cw = await startCloudWatchLocal();
  client = sdkClient(cw.endpoint);
});

afterAll(async () => {
  client.destroy();
  await cw.stop();
});

const T0 = minuteAgo();
const T1 = new Date(T0.getTime() + 60_000);
type Params = Array<[string, string | number]>;

/** Serialises a datum the way Query clients do: `MetricData.member.N.Values.member.M=...`. */
function datumParams(prefix: string, datum: MetricDatum): Params {
  const out: Params = [[`${prefix}.MetricName`, datum.MetricName ?? '']];
  if (datum.Timestamp) out.push([`${prefix}.Timestamp`, datum.Timestamp.toISOString()]);
  if (datum.Value !== undefined) out.push([`${prefix}.Value`, datum.Value]);
  if (datum.Unit) out.push([`${prefix}.Unit`, datum.Unit]);
  datum.Values?.forEach((v, i) => {
    out.push([`${prefix}.Values.member.${i + 1}`, v]);
  });
  datum.Counts?.forEach((c, i) => {
    out.push([`${prefix}.Counts.member.${i + 1}`, c]);
  });
  datum.Dimensions?.forEach((d, i) => {
    out.push([`${prefix}.Dimensions.member.${i + 1}.Name`, d.Name ?? '']);
    out.push([`${prefix}.Dimensions.member.${i + 1}.Value`, d.Value ?? '']);
  });
  if (datum.StatisticValues) {
    for (const [k, v] of Object.entries(datum.StatisticValues))
      out.push([`${prefix}.StatisticValues.${k}`, v as number]);
  }
  return out;
}

function putParams(namespace: string, data: MetricDatum[]): Params {
  return [
    ['Action', 'PutMetricData'],
    ['Version', '2010-08-01'],
    ['Namespace', namespace],
    ...data.flatMap((d, i) => datumParams(`MetricData.member.${i + 1}`, d)),
  ];
}

function errorOf(xml: XmlElement) {
  return {
    root: xml.name,
    type: xmlText(xml, 'Error/Type'),
    code: xmlText(xml, 'Error/Code'),
    message: xmlText(xml, 'Error/Message'),
  };
}

const ROUTE = [{ Name: 'Route', Value: '/buy' }];
const DATA: MetricDatum[] = [
  {
    MetricName: 'Latency',
    Timestamp: T0,
    Values: [1, 2, 3, 10],
    Counts: [5, 3, 1, 1],
    Unit: 'Milliseconds',
    Dimensions: ROUTE,
  },
  { MetricName: 'Latency', Timestamp: T0, Value: 4, Unit: 'Milliseconds', Dimensions: ROUTE },
  {
    MetricName: 'Latency',
    Timestamp: T0,
    StatisticValues: { SampleCount: 2, Sum: 10, Minimum: 5, Maximum: 5 },
    Unit: 'Milliseconds',
    Dimensions: ROUTE,
  },
];

async function queryStatistics(namespace: string, statisticParams: Params) {
  const response = await queryRequest(cw.endpoint, [
    ['Action', 'GetMetricStatistics'],
    ['Version', '2010-08-01'],
    ['Namespace', namespace],
    ['MetricName', 'Latency'],
    ['Dimensions.member.1.Name', 'Route'],
    ['Dimensions.member.1.Value', '/buy'],
    ['StartTime', T0.toISOString()],
    ['EndTime', T1.toISOString()],
    ['Period', 60],
    ...statisticParams,
  ]);
  expect(response.status).toBe(200);
  expect(response.xml.name).toBe('GetMetricStatisticsResponse');
  expect(response.xml.attributes.xmlns).toBe('http://monitoring.amazonaws.com/doc/2010-08-01/');
  expect(xmlText(response.xml, 'ResponseMetadata/RequestId')).toMatch(/^[0-9a-f-]{36}$/);
  return xmlAll(response.xml, 'GetMetricStatisticsResult/Datapoints/member');
}

describe('Query protocol gives the same results as JSON 1.0', () => {
  it('stores values/counts sent as a form and reads back the statistics the SDK path gives', async () => {
    const viaQuery = uniqueNamespace('Query');
    const viaSdk = uniqueNamespace('Sdk');
    const put = await queryRequest(cw.endpoint, putParams(viaQuery, DATA));
    expect(put.status).toBe(200);
    expect(put.xml.name).toBe('PutMetricDataResponse');
    await client.send(new PutMetricDataCommand({ Namespace: viaSdk, MetricData: DATA }));

    // Multiset 1x5, 2x3, 3, 4, 5x2, 10: N = 13, Sum = 5 + 6 + 3 + 4 + 10 + 10 = 38.
    const expected = { SampleCount: 13, Sum: 38, Minimum: 1, Maximum: 10, Average: 38 / 13 };
    // Ranks: p50 -> ceil(6.5) = 7 -> 2; p92.3 -> ceil(11.999) = 12 -> 5; p92.5 -> ceil(12.025) = 13 -> 10.
    const expectedPercentiles = { p50: 2, 'p92.3': 5, 'p92.5': 10, p99: 10 };
    const stats = ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'];

    for (const namespace of [viaQuery, viaSdk]) {
      const [point] = await queryStatistics(
        namespace,
        stats.map((s, i) => [`Statistics.member.${i + 1}`, s]),
      );
      expect(point).toBeDefined();
      const read = Object.fromEntries(stats.map((s) => [s, Number(xmlText(point as XmlElement, s))]));
      expect(read).toEqual(expected);
      expect(xmlText(point as XmlElement, 'Timestamp')).toBe(T0.toISOString().replace('.000Z', 'Z'));
      expect(xmlText(point as XmlElement, 'Unit')).toBe('Milliseconds');

      const [extended] = await queryStatistics(namespace, [
        ['ExtendedStatistics.member.1', 'p50'],
        ['ExtendedStatistics.member.2', 'p92.3'],
        ['ExtendedStatistics.member.3', 'p92.5'],
        ['ExtendedStatistics.member.4', 'p99'],
      ]);
      const entries = xmlAll(extended as XmlElement, 'ExtendedStatistics/entry').map((e) => [
        xmlText(e, 'key'),
        Number(xmlText(e, 'value')),
      ]);
      expect(Object.fromEntries(entries)).toEqual(expectedPercentiles);

      const fromSdk = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: namespace,
          MetricName: 'Latency',
          Dimensions: ROUTE,
          StartTime: T0,
          EndTime: T1,
          Period: 60,
          Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'],
        }),
      );
      expect(fromSdk.Datapoints?.[0]).toMatchObject(expected);
    }
  });

  it('answers GetMetricData with ISO timestamps and values as members', async () => {
    const ns = uniqueNamespace('Query');
    expect((await queryRequest(cw.endpoint, putParams(ns, DATA))).status).toBe(200);
    const q = 'MetricDataQueries.member';
    const response = await queryRequest(cw.endpoint, [
      ['Action', 'GetMetricData'],
      ['Version', '2010-08-01'],
      ['StartTime', T0.toISOString()],
      ['EndTime', T1.toISOString()],
      [`${q}.1.Id`, 'p99'],
      [`${q}.1.MetricStat.Metric.Namespace`, ns],
      [`${q}.1.MetricStat.Metric.MetricName`, 'Latency'],
      [`${q}.1.MetricStat.Metric.Dimensions.member.1.Name`, 'Route'],
      [`${q}.1.MetricStat.Metric.Dimensions.member.1.Value`, '/buy'],
      [`${q}.1.MetricStat.Period`, 60],
      [`${q}.1.MetricStat.Stat`, 'p99'],
      [`${q}.2.Id`, 'count'],
      [`${q}.2.Label`, 'how many'],
      [`${q}.2.MetricStat.Metric.Namespace`, ns],
      [`${q}.2.MetricStat.Metric.MetricName`, 'Latency'],
      [`${q}.2.MetricStat.Metric.Dimensions.member.1.Name`, 'Route'],
      [`${q}.2.MetricStat.Metric.Dimensions.member.1.Value`, '/buy'],
      [`${q}.2.MetricStat.Period`, 60],
      [`${q}.2.MetricStat.Stat`, 'SampleCount'],
    ]);
    expect(response.status).toBe(200);
    const results = xmlAll(response.xml, 'GetMetricDataResult/MetricDataResults/member').map((m) => ({
      id: xmlText(m, 'Id'),
      label: xmlText(m, 'Label'),
      timestamps: xmlAll(m, 'Timestamps/member').map((t) => Date.parse(t.text)),
      values: xmlAll(m, 'Values/member').map((v) => Number(v.text)),
      status: xmlText(m, 'StatusCode'),
    }));
    expect(results).toEqual([
      { id: 'p99', label: 'Latency', timestamps: [T0.getTime()], values: [10], status: 'Complete' },
      { id: 'count', label: 'how many', timestamps: [T0.getTime()], values: [13], status: 'Complete' },
    ]);
  });

  it('lists metrics in XML and answers GET requests too', async () => {
    const ns = uniqueNamespace('Query');
    expect((await queryRequest(cw.endpoint, putParams(ns, DATA))).status).toBe(200);
    const url = `${cw.endpoint}/?${formBody({ Action: 'ListMetrics', Version: '2010-08-01', Namespace: ns })}`;
    const response = await fetch(url);
    expect(response.status).toBe(200);
    const xml = parseXml(await response.text());
    const metrics = xmlAll(xml, 'ListMetricsResult/Metrics/member');
    expect(metrics).toHaveLength(1);
    expect(xmlText(metrics[0] as XmlElement, 'MetricName')).toBe('Latency');
    expect(xmlText(metrics[0] as XmlElement, 'Dimensions/member/Value')).toBe('/buy');
  });

  it('inflates a gzip form body', async () => {
    const ns = uniqueNamespace('Query');
    const response = await fetch(cw.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'content-encoding': 'gzip' },
      body: gzipSync(formBody(putParams(ns, DATA))),
    });
    expect(response.status).toBe(200);
    const [point] = await queryStatistics(ns, [['Statistics.member.1', 'SampleCount']]);
    expect(xmlText(point as XmlElement, 'SampleCount')).toBe('13');
  });
});

describe('Query protocol errors', () => {
  it('refuses a NaN value with an XML InvalidParameterValue and stores nothing', async () => {
    const ns = uniqueNamespace('Query');
    const params = putParams(ns, [
      { MetricName: 'A', Value: 1 },
      { MetricName: 'A', Value: 2 },
    ]);
    params.push(['MetricData.member.3.MetricName', 'A'], ['MetricData.member.3.Value', 'NaN']);
    const response = await queryRequest(cw.endpoint, params);
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toBe('text/xml');
    expect(errorOf(response.xml)).toEqual({
      root: 'ErrorResponse',
      type: 'Sender',
      code: 'InvalidParameterValue',
      message: 'The value NaN for parameter MetricData.member.3.Value is invalid.',
    });
    expect(xmlText(response.xml, 'RequestId')).toBeTruthy();
    const list = await queryRequest(cw.endpoint, {
      Action: 'ListMetrics',
      Version: '2010-08-01',
      Namespace: ns,
    });
    expect(xmlAll(list.xml, 'ListMetricsResult/Metrics/member')).toEqual([]);
  });

  it('names the rule broken: combination, missing parameter, negative count, bad number', async () => {
    const ns = uniqueNamespace('Query');
    const cases: Array<[Params, string, string]> = [
      [
        putParams(ns, [
          { MetricName: 'A', Value: 1, StatisticValues: { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 } },
        ]),
        'InvalidParameterCombination',
        'The parameters MetricData.member.1.Value and MetricData.member.1.StatisticValues are mutually exclusive and you have specified both.',
      ],
      [
        [
          ['Action', 'PutMetricData'],
          ['Version', '2010-08-01'],
          ['MetricData.member.1.MetricName', 'A'],
          ['MetricData.member.1.Value', 1],
        ],
        'MissingParameter',
        'The parameter Namespace is required.',
      ],
      [
        putParams(ns, [{ MetricName: 'A', Values: [1, 2], Counts: [1, -1] }]),
        'InvalidParameterValue',
        'The value -1 for parameter MetricData.member.1.Counts.member.2 is invalid. Counts must not be negative.',
      ],
      [
        [...putParams(ns, [{ MetricName: 'A' }]), ['MetricData.member.1.Value', '12abc']],
        'InvalidParameterValue',
        'The value 12abc for parameter MetricData.member.1.Value is invalid. It must be a number.',
      ],
    ];
    for (const [params, code, message] of cases) {
      const response = await queryRequest(cw.endpoint, params);
      expect(response.status).toBe(400);
      expect(errorOf(response.xml)).toMatchObject({ code, message });
    }
  });

  it('refuses a missing Version, an unknown Action and malformed forms clearly', async () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['Action=ListMetrics', 400, 'MissingParameter', /Version/],
      ['Action=ListMetrics&Version=2009-01-01', 400, 'NoSuchVersion', /2009-01-01/],
      ['Action=PutMetricAlarm&Version=2010-08-01', 400, 'InvalidAction', /PutMetricAlarm.*PutMetricData/],
      ['Version=2010-08-01', 400, 'MissingAction', /Action/],
      [
        'Action=ListMetrics&Version=2010-08-01&Namespace=%zz',
        400,
        'MalformedQueryString',
        /percent-encoding/,
      ],
      [
        'Action=ListMetrics&Version=2010-08-01&Namespace=a&Namespace=b',
        400,
        'MalformedQueryString',
        /more than once/,
      ],
      [
        'Action=ListMetrics&Version=2010-08-01&Dimensions.member.x.Name=a',
        400,
        'MalformedQueryString',
        /Dimensions\.member\.x/,
      ],
      ['<PutMetricData><Namespace>x</Namespace></PutMetricData>', 400, 'MissingAction', /Action/],
    ];
    for (const [body, status, code, message] of cases) {
      const response = await fetch(cw.endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      const xml = parseXml(await response.text());
      expect(response.status, body).toBe(status);
      expect(errorOf(xml).code, body).toBe(code);
      expect(errorOf(xml).message, body).toMatch(message);
    }
    expect((await fetch(`${cw.endpoint}/_cwagg/health`)).status).toBe(200);
  });
});
