/**
 * Smithy RPC v2 CBOR beside AWS JSON 1.0 and Query: the unmodified SDK, switched to each protocol, gets
 * the same answers and the same errors from the same operations; raw CBOR requests that are malformed or
 * hostile get a 4xx in CBOR; and the endpoint's CBOR codec agrees with the SDK's own, both ways.
 */
import { gzipSync } from 'node:zlib';
import {
  GetMetricDataCommand,
  GetMetricStatisticsCommand,
  ListMetricsCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { cbor as sdkCbor, tag as sdkTag } from '@smithy/core/cbor';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CborTag, decodeCbor, encodeCbor } from '../src/protocols/cbor-codec.js';
import { minuteAgo, SDK_PROTOCOLS, type SdkProtocol, sdkClient, uniqueNamespace } from './helpers.js';
import { rawExchange } from './support/abuse.js';
import { useLocalEndpoint } from './support/local-endpoint.js';

const local = useLocalEndpoint();
const { clients } = local;
const protocols = Object.keys(SDK_PROTOCOLS) as SdkProtocol[];

const T0 = minuteAgo();
const PATH = '/service/GraniteServiceVersion20100801/operation/';

describe('the same operations in every protocol', () => {
  it('stores what each protocol sends, and every protocol reads back the same answers', async () => {
    const ns = uniqueNamespace('Protocols');
    for (const [i, protocol] of protocols.entries()) {
      await clients[protocol].send(
        new PutMetricDataCommand({
          Namespace: ns,
          MetricData: [
            {
              MetricName: 'Latency',
              Dimensions: [{ Name: 'Via', Value: protocol }],
              Timestamp: new Date(T0.getTime() + i * 1000),
              Values: [1, 2.5, 100],
              Counts: [3, 1, 1],
              Unit: 'Milliseconds',
              StorageResolution: 1,
            },
            {
              MetricName: 'Latency',
              Dimensions: [{ Name: 'Via', Value: protocol }],
              Timestamp: new Date(T0.getTime() + 30_000),
              StatisticValues: { SampleCount: 2, Sum: 8, Minimum: 4, Maximum: 4 },
              Unit: 'Milliseconds',
            },
          ],
          EntityMetricData: [
            {
              Entity: { KeyAttributes: { Type: 'Service', Name: 'svc' } },
              MetricData: [{ MetricName: 'Calls', Value: i + 1 }],
            },
          ],
          StrictEntityValidation: false,
        }),
      );
    }
    const range = { StartTime: T0, EndTime: new Date(T0.getTime() + 60_000) };
    const answers = [];
    for (const protocol of protocols) {
      const client = clients[protocol];
      const statistics = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: ns,
          MetricName: 'Latency',
          Dimensions: [{ Name: 'Via', Value: 'cbor' }],
          ...range,
          Period: 60,
          Statistics: ['SampleCount', 'Sum', 'Minimum', 'Maximum', 'Average'],
        }),
      );
      const extended = await client.send(
        new GetMetricStatisticsCommand({
          Namespace: ns,
          MetricName: 'Latency',
          Dimensions: [{ Name: 'Via', Value: 'query' }],
          ...range,
          Period: 60,
          ExtendedStatistics: ['p50', 'p99.9', 'tm90', 'IQM', 'PR(:2.5)'],
        }),
      );
      const data = await client.send(
        new GetMetricDataCommand({
          ...range,
          ScanBy: 'TimestampAscending',
          MetricDataQueries: protocols
            .map((via, j) => ({
              Id: `m${j}`,
              MetricStat: {
                Metric: { Namespace: ns, MetricName: 'Latency', Dimensions: [{ Name: 'Via', Value: via }] },
                Period: 10,
                Stat: 'Sum',
              },
            }))
            .concat([{ Id: 'total', Expression: 'SUM(METRICS())', Label: 'All' } as never]),
        }),
      );
      const list = await client.send(
        new ListMetricsCommand({ Namespace: ns, Dimensions: [{ Name: 'Via' }] }),
      );
      answers.push({
        statistics: statistics.Datapoints,
        extended: extended.Datapoints,
        data: data.MetricDataResults,
        list: list.Metrics?.map((m) => [m.MetricName, m.Dimensions?.[0]?.Value]).sort(),
      });
    }
    const [json, ...others] = answers;
    expect(json?.statistics).toEqual([
      {
        Timestamp: T0,
        SampleCount: 7,
        Sum: 1 * 3 + 2.5 + 100 + 8,
        Minimum: 1,
        Maximum: 100,
        Average: 113.5 / 7,
        Unit: 'Milliseconds',
      },
    ]);
    // 1, 1, 1, 2.5, 4, 4, 100: the statistic set alone has Min = Max and Sum = Min x SampleCount, so it counts.
    expect(json?.extended?.[0]?.ExtendedStatistics).toEqual({
      p50: 2.5,
      'p99.9': 100,
      tm90: 113.5 / 7,
      IQM: (1 + 2.5 + 4 + 4) / 4,
      'PR(:2.5)': (100 * 4) / 7,
    });
    // Each protocol's values and set fall in the first 10-second period (the set is stored at its minute).
    expect(json?.data?.find((r) => r.Id === 'total')?.Values).toEqual([3 * 113.5]);
    expect(json?.list).toEqual(protocols.map((p) => ['Latency', p]).sort());
    for (const other of others) expect(other).toEqual(json);
  });

  it('the SDK maps errors the same way in every protocol', async () => {
    for (const protocol of protocols) {
      const client = clients[protocol];
      await expect(
        client.send(
          new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'M', Value: Number.NaN }] }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterValueException',
        Code: 'InvalidParameterValue',
        message: 'The value NaN for parameter MetricData.member.1.Value is invalid.',
        $metadata: { httpStatusCode: 400 },
      });
      await expect(
        client.send(
          new PutMetricDataCommand({
            Namespace: 'N',
            MetricData: [{ MetricName: 'M', Value: 1, Values: [1] }],
          }),
        ),
      ).rejects.toMatchObject({
        name: 'InvalidParameterCombinationException',
        Code: 'InvalidParameterCombination',
      });
      await expect(
        client.send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'M' }] })),
      ).rejects.toMatchObject({ name: 'MissingRequiredParameterException', Code: 'MissingParameter' });
    }
  });

  it('takes a PutMetricData of 1,000 datums (with the SDK compression off: see the README)', async () => {
    // The SDK (3.1164) declares a gzip CBOR body's uncompressed length in Content-Length, so that a
    // compressed body never reaches the length it declares: gzip bodies are checked raw, below.
    const client = sdkClient(local.endpoint, {
      ...SDK_PROTOCOLS.cbor,
      maxAttempts: 1,
      disableRequestCompression: true,
    });
    const ns = uniqueNamespace('Large');
    const MetricData = Array.from({ length: 1_000 }, (_, i) => ({
      MetricName: `M${i % 3}`,
      Dimensions: [{ Name: 'Host', Value: `host-${i % 7}` }],
      Value: i,
      Timestamp: T0,
    }));
    try {
      await client.send(new PutMetricDataCommand({ Namespace: ns, MetricData }));
      const { Metrics = [] } = await client.send(new ListMetricsCommand({ Namespace: ns }));
      expect(Metrics).toHaveLength(21);
    } finally {
      client.destroy();
    }
  });
});

/** A raw RPC v2 CBOR request. */
function cborRequest(operation: string, body: Uint8Array, headers: Record<string, string> = {}) {
  const payload = Buffer.from(body);
  const head = Object.entries({
    host: '127.0.0.1',
    'content-type': 'application/cbor',
    'smithy-protocol': 'rpc-v2-cbor',
    'content-length': String(payload.length),
    ...headers,
  })
    .map(([k, v]) => `${k}: ${v}`)
    .join('\r\n');
  return Buffer.concat([Buffer.from(`POST ${PATH}${operation} HTTP/1.1\r\n${head}\r\n\r\n`), payload]);
}

async function answer(request: Buffer) {
  const result = await rawExchange(local.port, request);
  const body = Buffer.from(result.body, 'latin1');
  return {
    status: result.status,
    body: body.length > 0 ? (decodeCbor(body) as Record<string, unknown>) : undefined,
  };
}

describe('raw CBOR requests', () => {
  const put = (extra: Record<string, unknown> = {}) => ({
    Namespace: 'Raw',
    MetricData: [{ MetricName: 'M', Value: 1, ...extra }],
  });

  it('accepts what the protocol allows: indefinite lengths, half and single floats, tag 1 integers', async () => {
    // An indefinite-length map holding an indefinite-length text string, a half float (1.5) and tag 1 (integer).
    const manual = Buffer.concat([
      Buffer.of(0xbf),
      encodeCbor('Namespace'),
      Buffer.of(0x7f, 0x62, 0x52, 0x61, 0x61, 0x77, 0xff), // "Ra" + "w"
      encodeCbor('MetricData'),
      Buffer.of(0x9f, 0xa3),
      encodeCbor('MetricName'),
      encodeCbor('Half'),
      encodeCbor('Value'),
      Buffer.of(0xf9, 0x3e, 0x00),
      encodeCbor('Timestamp'),
      encodeCbor(new CborTag(1, Math.floor(T0.getTime() / 1000))),
      Buffer.of(0xff, 0xff),
    ]);
    expect(await answer(cborRequest('PutMetricData', manual))).toEqual({ status: 200, body: {} });
    const single = sdkCbor.serialize({
      Namespace: 'Raw',
      MetricData: [{ MetricName: 'Single', Value: Math.fround(0.25) }],
    });
    expect((await answer(cborRequest('PutMetricData', single))).status).toBe(200);
    const gz = await answer(
      cborRequest('PutMetricData', gzipSync(encodeCbor(put())), { 'content-encoding': 'gzip' }),
    );
    expect(gz.status).toBe(200);
  });

  const refusals: Array<[string, Buffer, number, string]> = [
    [
      'no smithy-protocol header',
      cborRequest('PutMetricData', encodeCbor(put()), { 'smithy-protocol': 'rpc-v2-json' }),
      400,
      'MissingProtocolHeader',
    ],
    [
      'another service',
      Buffer.from(
        `POST /service/Kinesis_20131202/operation/PutRecords HTTP/1.1\r\nhost: 127.0.0.1\r\nsmithy-protocol: rpc-v2-cbor\r\ncontent-length: 0\r\n\r\n`,
      ),
      404,
      'UnknownOperationException',
    ],
    ['an operation not served', cborRequest('PutMetricAlarm', encodeCbor({})), 400, 'InvalidAction'],
    [
      'a JSON body',
      cborRequest('PutMetricData', Buffer.from('{}'), { 'content-type': 'application/json' }),
      415,
      'UnsupportedMediaType',
    ],
    [
      'truncated CBOR',
      cborRequest('PutMetricData', encodeCbor(put()).subarray(0, 20)),
      400,
      'SerializationException',
    ],
    [
      'a string declared 2^60 bytes long',
      cborRequest('PutMetricData', Buffer.of(0xa1, 0x7b, 0x10, 0, 0, 0, 0, 0, 0, 0)),
      400,
      'SerializationException',
    ],
    [
      'arrays nested 100,000 deep',
      cborRequest('PutMetricData', Buffer.concat([Buffer.alloc(100_000, 0x81), Buffer.of(0)])),
      400,
      'SerializationException',
    ],
    [
      'bytes after the map',
      cborRequest('PutMetricData', Buffer.concat([encodeCbor(put()), Buffer.of(0)])),
      400,
      'SerializationException',
    ],
    [
      'an integer map key',
      cborRequest('PutMetricData', Buffer.of(0xa1, 0x01, 0x02)),
      400,
      'SerializationException',
    ],
    [
      'a repeated key',
      cborRequest(
        'PutMetricData',
        Buffer.concat([
          Buffer.of(0xa2),
          encodeCbor('Namespace'),
          encodeCbor('A'),
          encodeCbor('Namespace'),
          encodeCbor('B'),
        ]),
      ),
      400,
      'SerializationException',
    ],
    ['an array body', cborRequest('PutMetricData', encodeCbor([1, 2])), 400, 'SerializationException'],
    [
      'an unknown tag',
      cborRequest('PutMetricData', encodeCbor(put({ Timestamp: new CborTag(0, '2024-01-01') }))),
      400,
      'SerializationException',
    ],
    [
      'invalid UTF-8',
      cborRequest('PutMetricData', Buffer.of(0xa1, 0x62, 0xff, 0xfe, 0x01)),
      400,
      'SerializationException',
    ],
    [
      'a NaN value',
      cborRequest('PutMetricData', encodeCbor(put({ Value: Number.NaN }))),
      400,
      'InvalidParameterValueException',
    ],
    [
      'a timestamp no date holds',
      cborRequest('PutMetricData', encodeCbor(put({ Timestamp: new CborTag(1, 1e300) }))),
      400,
      'InvalidParameterValueException',
    ],
  ];

  it.each(refusals)('%s: answered in CBOR', async (_what, request, status, type) => {
    const result = await answer(request);
    expect(result.status).toBe(status);
    expect(result.body?.__type).toBe(`com.amazonaws.cloudwatch#${type}`);
    expect(typeof result.body?.message).toBe('string');
    // Still serving.
    expect((await answer(cborRequest('PutMetricData', encodeCbor(put())))).status).toBe(200);
  });
});

describe('the codec agrees with the SDK', () => {
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { maxDepth: 4 },
      fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
      fc.double({ noNaN: true }).filter((d) => !Number.isInteger(d)),
      fc.string(),
      fc.boolean(),
      fc.constant(null),
      fc.array(tie('any'), { maxLength: 5 }),
      fc.dictionary(fc.string({ maxLength: 8 }), tie('any'), { maxKeys: 5 }),
    ),
  })).any;

  it('what it encodes the SDK decodes, and the other way round', () => {
    fc.assert(
      fc.property(value, (v) => {
        expect(sdkCbor.deserialize(encodeCbor(v as never))).toEqual(v);
        expect(decodeCbor(sdkCbor.serialize(v))).toEqual(v);
      }),
      { numRuns: 500, seed: 20261202 },
    );
  });

  it('timestamps as tag 1, both ways', () => {
    const seconds = 1_764_633_600.5;
    expect(sdkCbor.deserialize(encodeCbor(new CborTag(1, seconds)))).toEqual(
      sdkTag({ tag: 1, value: seconds }),
    );
    expect(decodeCbor(sdkCbor.serialize(sdkTag({ tag: 1, value: seconds })))).toEqual(
      new CborTag(1, seconds),
    );
  });
});
