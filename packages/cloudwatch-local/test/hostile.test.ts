import { request } from 'node:http';
import { createGzip, gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, DEFAULT_MAX_BODY_BYTES, startCloudWatchLocal } from '../src/index.js';
import { jsonRequest, uniqueNamespace } from './helpers.js';

let cw: CloudWatchLocal;
const MAX_BODY = DEFAULT_MAX_BODY_BYTES;

beforeAll(async () => {
  cw = await startCloudWatchLocal();
});

afterAll(async () => {
  await cw.stop();
});

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** A request through node:http, for bodies and headers fetch will not send (chunked uploads, huge headers). */
function rawRequest(
  headers: Record<string, string>,
  write: (req: ReturnType<typeof request>) => void,
  method = 'POST',
  path = '/',
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const url = new URL(cw.endpoint);
    const req = request(
      { host: url.hostname, port: url.port, method, path, headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', reject);
    write(req);
  });
}

const JSON_HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
};

/** The server still does real work: a put and a read back. */
async function stillServing(): Promise<void> {
  const ns = uniqueNamespace('Alive');
  const put = await jsonRequest(cw.endpoint, 'PutMetricData', {
    Namespace: ns,
    MetricData: [{ MetricName: 'A', Value: 1 }],
  });
  expect(put.status).toBe(200);
  const list = await jsonRequest(cw.endpoint, 'ListMetrics', { Namespace: ns });
  expect(list.json.Metrics).toHaveLength(1);
}

/** A gzip body that inflates to `size` zero bytes, built in slices so the test never holds it whole. */
async function gzipBomb(size: number): Promise<Buffer> {
  const gzip = createGzip({ level: 9 });
  const out: Buffer[] = [];
  gzip.on('data', (c: Buffer) => out.push(c));
  const done = new Promise((resolve) => gzip.on('end', resolve));
  const slice = Buffer.alloc(1024 * 1024);
  for (let written = 0; written < size; written += slice.length) {
    if (!gzip.write(slice)) await new Promise((resolve) => gzip.once('drain', resolve));
  }
  gzip.end();
  await done;
  return Buffer.concat(out);
}

describe('hostile and broken requests get a clear 4xx, and the server keeps serving', () => {
  it('refuses a 100 MB gzip bomb after inflating little more than the cap', async () => {
    const bomb = await gzipBomb(100 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(MAX_BODY); // it passes the wire limit: only inflation can catch it
    const before = cw.stats().putMetricData;
    const response = await fetch(cw.endpoint, {
      method: 'POST',
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
      body: bomb,
    });
    expect(response.status).toBe(413);
    expect(response.headers.get('x-amzn-query-error')).toBe('RequestEntityTooLarge;Sender');
    const { message } = (await response.json()) as { message: string };
    const inflated = Number(/stopped after (\d+) bytes/.exec(message)?.[1]);
    expect(inflated).toBeGreaterThan(MAX_BODY);
    expect(inflated).toBeLessThanOrEqual(MAX_BODY + 64 * 1024);
    const after = cw.stats().putMetricData;
    expect(after.rejected).toBe(before.rejected + 1);
    expect(after.wireBytes - before.wireBytes).toBe(bomb.length);
    await stillServing();
  });

  it('refuses an oversized body by its Content-Length, and a chunked one as it passes the cap', async () => {
    const big = Buffer.alloc(MAX_BODY + 1, 0x20);
    const declared = await rawRequest({ ...JSON_HEADERS, 'content-length': String(big.length) }, (req) =>
      req.end(big),
    );
    expect(declared.status).toBe(413);
    expect(declared.headers['x-amzn-query-error']).toBe('RequestEntityTooLarge;Sender');

    const chunked = await rawRequest({ ...JSON_HEADERS, 'transfer-encoding': 'chunked' }, (req) => {
      for (let i = 0; i < 4; i++) req.write(Buffer.alloc(MAX_BODY / 2, 0x20));
      req.end();
    });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).message).toMatch(/exceeds the limit of 1048576 bytes/);
    await stillServing();
  });

  it('refuses malformed JSON, bad UTF-8, a non-object body and bad gzip', async () => {
    const cases: Array<[string, Record<string, string>, string | Buffer, number, string, RegExp]> = [
      [
        'truncated JSON',
        JSON_HEADERS,
        '{"Namespace": "x", "MetricData": [',
        400,
        'SerializationException',
        /not valid JSON/,
      ],
      [
        'bad UTF-8',
        JSON_HEADERS,
        Buffer.from([0x7b, 0xff, 0xfe, 0x7d]),
        400,
        'SerializationException',
        /UTF-8/,
      ],
      ['an array', JSON_HEADERS, '[1, 2]', 400, 'SerializationException', /must be a JSON object/],
      [
        'corrupt gzip',
        { ...JSON_HEADERS, 'content-encoding': 'gzip' },
        Buffer.from('definitely not gzip'),
        400,
        'SerializationException',
        /could not be inflated/,
      ],
      [
        'brotli',
        { ...JSON_HEADERS, 'content-encoding': 'br' },
        gzipSync('{}'),
        415,
        'UnsupportedMediaType',
        /Content-Encoding br/,
      ],
    ];
    for (const [what, headers, body, status, code, message] of cases) {
      const response = await fetch(cw.endpoint, { method: 'POST', headers, body });
      const json = (await response.json()) as { message: string; __type: string };
      expect(response.status, what).toBe(status);
      expect(response.headers.get('x-amzn-query-error'), what).toBe(`${code};Sender`);
      expect(json.message, what).toMatch(message);
    }
    await stillServing();
  });

  it('refuses missing or unknown content types, targets and operations', async () => {
    const cases: Array<[string, Record<string, string>, number, string, RegExp]> = [
      ['no content type', {}, 415, 'UnsupportedMediaType', /no Content-Type/],
      ['XML body', { 'content-type': 'text/xml' }, 415, 'UnsupportedMediaType', /text\/xml is not supported/],
      [
        'JSON 1.1',
        { 'content-type': 'application/x-amz-json-1.1' },
        415,
        'UnsupportedMediaType',
        /json-1\.1/,
      ],
      [
        'no target',
        { 'content-type': 'application/x-amz-json-1.0' },
        400,
        'UnknownOperationException',
        /x-amz-target header is missing/,
      ],
      [
        'foreign target',
        { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': 'Kinesis_20131202.PutRecords' },
        400,
        'UnknownOperationException',
        /Kinesis_20131202\.PutRecords is not a CloudWatch operation/,
      ],
      [
        'unsupported operation',
        {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'GraniteServiceVersion20100801.PutMetricAlarm',
        },
        400,
        'InvalidAction',
        /PutMetricAlarm is not served by cloudwatch-local; it serves PutMetricData/,
      ],
    ];
    for (const [what, headers, status, code, message] of cases) {
      const response = await fetch(cw.endpoint, {
        method: 'POST',
        headers,
        // A Buffer, so that fetch adds no Content-Type of its own.
        body: Buffer.from(what === 'XML body' ? '<PutMetricData/>' : '{}'),
      });
      const json = (await response.json()) as { message: string };
      expect(response.status, what).toBe(status);
      expect(response.headers.get('x-amzn-query-error'), what).toBe(`${code};Sender`);
      expect(json.message, what).toMatch(message);
    }
    expect(cw.stats().requests.PutMetricAlarm).toBeGreaterThanOrEqual(1);
    expect(cw.stats().malformedRequests).toBeGreaterThanOrEqual(5);
    await stillServing();
  });

  it("answers huge headers with Node's 431, wrong paths with 404 and wrong methods with 405", async () => {
    const huge = await rawRequest({ ...JSON_HEADERS, 'x-filler': 'x'.repeat(32 * 1024) }, (req) =>
      req.end('{}'),
    );
    expect(huge.status).toBe(431);
    expect((await fetch(`${cw.endpoint}/elsewhere`, { method: 'POST' })).status).toBe(404);
    expect((await fetch(cw.endpoint, { method: 'PUT', body: '{}' })).status).toBe(405);
    const bare = await fetch(cw.endpoint);
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/<Code>MissingAction<\/Code><Message>This is cwagg cloudwatch-local/);
    await stillServing();
  });
});

describe('memory stays bounded', () => {
  it('refuses, whole, a request that would pass maxMetrics or maxStoredValues', async () => {
    const small = await startCloudWatchLocal({ maxMetrics: 3, maxStoredValues: 12 });
    try {
      const put = (MetricData: unknown[]) =>
        jsonRequest(small.endpoint, 'PutMetricData', { Namespace: 'Cap', MetricData });
      expect(
        (
          await put([
            { MetricName: 'A', Value: 1 },
            { MetricName: 'B', Value: 1 },
          ])
        ).status,
      ).toBe(200);
      const refused = await put([
        { MetricName: 'A', Value: 2 },
        { MetricName: 'C', Value: 1 },
        { MetricName: 'D', Value: 1 },
      ]);
      expect(refused.status).toBe(400);
      expect(refused.code).toBe('LimitExceeded');
      expect(refused.json.message).toMatch(/at most 3 distinct metrics \(maxMetrics\)/);
      expect(small.stats()).toMatchObject({ storedMetrics: 2, storedValues: 4 }); // A's 2 was not stored either
      expect((await put([{ MetricName: 'C', Values: [1, 2, 3] }])).status).toBe(200); // 1 bucket + 3 values: 8

      // Values already stored cost nothing; new ones count against the cap.
      expect((await put([{ MetricName: 'C', Values: [1, 2, 3], Counts: [5, 5, 5] }])).status).toBe(200);
      const tooMany = await put([{ MetricName: 'C', Values: [4, 5, 6, 7, 8] }]);
      expect(tooMany.code).toBe('LimitExceeded');
      expect(tooMany.json.message).toMatch(/maxStoredValues/);
      expect(small.stats().storedValues).toBe(8);

      small.reset();
      expect(small.stats()).toMatchObject({ storedMetrics: 0, storedValues: 0, requests: {} });
      expect((await put([{ MetricName: 'E', Value: 1 }])).status).toBe(200);
    } finally {
      await small.stop();
    }
  });
});

describe('counters stay bounded too', () => {
  it('folds caller-invented operation names and application ids past 100 into "(other)"', async () => {
    const other = await startCloudWatchLocal();
    try {
      for (let i = 0; i < 120; i++) {
        if (i === 110) await jsonRequest(other.endpoint, 'ListMetrics', {}); // served operations keep their key
        await fetch(other.endpoint, {
          method: 'POST',
          headers: {
            'content-type': 'application/x-amz-json-1.0',
            'x-amz-target': `GraniteServiceVersion20100801.${i === 0 ? '__proto__' : `Invented${i}`}`,
          },
          body: '{}',
        });
        await jsonRequest(
          other.endpoint,
          'PutMetricData',
          { Namespace: 'N', MetricData: [{ MetricName: 'M', Value: i }] },
          {
            'user-agent': `aws-sdk-js/3 app/tenant-${i}`,
          },
        );
      }
      const stats = other.stats();
      // __proto__, PutMetricData, Invented1..98: 100 keys; Invented99..119 go to (other); ListMetrics is served.
      expect(Object.keys(stats.requests)).toHaveLength(102);
      expect(Object.getOwnPropertyDescriptor(stats.requests, '__proto__')?.value).toBe(1);
      expect(stats.requests.PutMetricData).toBe(120);
      expect(stats.requests.ListMetrics).toBe(1);
      expect(stats.requests['(other)']).toBe(21);
      expect(Object.keys(stats.byAppId)).toHaveLength(101);
      expect(stats.byAppId['(other)']?.putMetricDataRequests).toBe(20);
      expect(stats.putMetricData.accepted).toBe(120);
    } finally {
      await other.stop();
    }
  });
});

describe('control endpoints', () => {
  it('serves stats, health and reset', async () => {
    const health = await fetch(`${cw.endpoint}/_cwagg/health`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });

    await jsonRequest(cw.endpoint, 'ListMetrics', {});
    const stats = await (await fetch(`${cw.endpoint}/_cwagg/stats`)).json();
    expect(stats).toEqual(cw.stats());
    expect(stats).toMatchObject({ requests: { ListMetrics: expect.any(Number) } });

    expect((await fetch(`${cw.endpoint}/_cwagg/reset`)).status).toBe(405);
    expect((await fetch(`${cw.endpoint}/_cwagg/nothing`)).status).toBe(404);
    const reset = await fetch(`${cw.endpoint}/_cwagg/reset`, { method: 'POST' });
    expect(reset.status).toBe(200);
    expect(cw.stats()).toEqual({
      requests: {},
      malformedRequests: 0,
      putMetricData: {
        received: 0,
        accepted: 0,
        rejected: 0,
        faulted: 0,
        wireBytes: 0,
        uncompressedBytes: 0,
        datums: 0,
        values: 0,
        samples: 0,
      },
      rejections: {},
      faults: { throttle: 0, error: 0, drop: 0, slow: 0 },
      byAppId: {},
      storedMetrics: 0,
      storedValues: 0,
      storedBytes: 0,
      connections: { open: expect.any(Number), evicted: 0, refused: 0, stalledBodies: 0 },
    });
  });

  it('stop() closes idle keep-alive connections too', async () => {
    const other = await startCloudWatchLocal();
    const { Agent } = await import('node:http');
    const agent = new Agent({ keepAlive: true });
    try {
      await new Promise<void>((resolve, reject) => {
        const url = new URL(`${other.endpoint}/_cwagg/health`);
        request({ host: url.hostname, port: url.port, path: url.pathname, agent }, (res) => {
          res.resume();
          res.on('end', resolve);
        })
          .on('error', reject)
          .end();
      });
      await other.stop(); // would wait for the idle socket without closeAllConnections
      await expect(fetch(`${other.endpoint}/_cwagg/health`)).rejects.toThrow();
    } finally {
      agent.destroy();
    }
  });
});
