/**
 * The endpoint under abuse, as a child process on 127.0.0.1: random and malformed bodies, gzip bombs,
 * huge headers, and thousands of connections at once. Every answer is a 4xx or a correct answer, the
 * process never exits, and its resident memory stays under a generous bound (measured figures are in
 * apps/local/RELIABILITY.md). CWAGG_LONG=1 runs more of everything.
 */
import type { Socket } from 'node:net';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { HELD_BODIES } from '../src/body-budget.js';
import {
  type EndpointChild,
  holdOpen,
  LONG,
  peakWhile,
  post,
  type RawAnswer,
  rawExchange,
  recordFigures,
  startEndpointChild,
} from './support/abuse.js';

/** The endpoint's resident memory must stay under this, whatever is thrown at it. */
const RSS_LIMIT_MB = 300;
const MiB = 1024 * 1024;
const TARGET = 'GraniteServiceVersion20100801.';
const JSON_TYPE = 'application/x-amz-json-1.0';
const FORM_TYPE = 'application/x-www-form-urlencoded';

// A fresh process per test: resident memory, once grown, is not given back, so each test measures its own.
let endpoint: EndpointChild;
beforeEach(async () => {
  endpoint = await startEndpointChild();
});
afterEach(async () => {
  await endpoint.stop();
});

function jsonPut(body: unknown, headers: Record<string, string> = {}): Buffer {
  return post(
    { 'content-type': JSON_TYPE, 'x-amz-target': `${TARGET}PutMetricData`, ...headers },
    typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
  );
}

/** Answered, and never with a server error or a dropped connection. */
function expectClientErrorOrAnswer(answer: RawAnswer, what: string): void {
  expect(answer.status, what).toBeGreaterThanOrEqual(200);
  expect(answer.status, what).toBeLessThan(500);
  expect(answer.status === 200 || answer.status >= 400, what).toBe(true);
}

/** The endpoint still does real work: a put of known values, read back exactly. */
async function expectStillServing(tag: string): Promise<void> {
  const namespace = `Alive/${tag}`;
  const put = await rawExchange(
    endpoint.port,
    jsonPut({
      Namespace: namespace,
      MetricData: [{ MetricName: 'M', Values: [1, 2, 3], Counts: [1, 1, 2] }],
    }),
  );
  expect(put.status).toBe(200);
  const now = Date.now() / 1000;
  const read = await rawExchange(
    endpoint.port,
    post(
      { 'content-type': JSON_TYPE, 'x-amz-target': `${TARGET}GetMetricStatistics` },
      JSON.stringify({
        Namespace: namespace,
        MetricName: 'M',
        StartTime: now - 3_600,
        EndTime: now + 3_600,
        Period: 7_200,
        Statistics: ['SampleCount', 'Sum'],
      }),
    ),
  );
  expect(read.status).toBe(200);
  expect(JSON.parse(read.body).Datapoints).toEqual([expect.objectContaining({ SampleCount: 4, Sum: 9 })]);
  expect(endpoint.alive()).toBe(true);
}

/** A Query-protocol key: plausible paths, some of them wrong. */
const queryKey = fc.oneof(
  fc.constantFrom('Action', 'Version', 'Namespace', 'MetricName', 'Period', 'StartTime', 'EndTime'),
  fc
    .tuple(
      fc.integer({ min: 0, max: 1_001 }),
      fc.constantFrom(
        'MetricName',
        'Value',
        'Unit',
        'Timestamp',
        'StorageResolution',
        'Values.member.1',
        'Values.member.151',
        'Counts.member.1',
        'Dimensions.member.1.Name',
        'Dimensions.member.1.Value',
        'Dimensions.member.31.Name',
        'StatisticValues.Sum',
        'StatisticValues.SampleCount',
        'StatisticValues.Minimum',
        '',
      ),
    )
    .map(([n, field]) => `MetricData.member.${n}${field ? `.${field}` : ''}`),
  fc.string({ maxLength: 30 }),
);
const queryValue = fc.oneof(
  fc.constantFrom('PutMetricData', '2010-08-01', 'NaN', 'Infinity', '-0', '1e400', 'Count', ''),
  fc.double().map(String),
  fc.integer().map(String),
  fc.string({ maxLength: 40 }),
);
const formBody = fc.oneof(
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 25 })
    .map((pairs) =>
      [['Action', 'PutMetricData'], ['Version', '2010-08-01'], ...pairs]
        .map(([k, v]) => `${encodeURIComponent(k as string)}=${encodeURIComponent(v as string)}`)
        .join('&'),
    ),
  // Raw text: bad percent-escapes, lone '=' and '&', anything.
  fc.string({ maxLength: 200 }),
);

/** A PutMetricData body shaped like the real one, with any field replaced by anything. */
const anything = fc.anything({ maxDepth: 2 });
const datum = fc.record(
  {
    MetricName: fc.oneof(fc.string({ maxLength: 300 }), anything),
    Value: fc.oneof(fc.double(), fc.constantFrom('NaN', 'Infinity', '-Infinity'), anything),
    Values: fc.oneof(fc.array(fc.double(), { maxLength: 160 }), anything),
    Counts: fc.oneof(fc.array(fc.double(), { maxLength: 160 }), anything),
    StatisticValues: fc.oneof(
      fc.record({ SampleCount: fc.double(), Sum: fc.double(), Minimum: fc.double(), Maximum: fc.double() }),
      anything,
    ),
    Dimensions: fc.oneof(
      fc.array(fc.record({ Name: fc.string({ maxLength: 20 }), Value: fc.string({ maxLength: 20 }) }), {
        maxLength: 32,
      }),
      anything,
    ),
    Timestamp: fc.oneof(fc.double(), fc.string(), anything),
    Unit: fc.oneof(fc.constantFrom('Count', 'Seconds', 'Bogus'), anything),
    StorageResolution: fc.oneof(fc.constantFrom(1, 60, 30), anything),
  },
  { requiredKeys: [] },
);
const jsonBody = fc.oneof(
  fc
    .record(
      {
        Namespace: fc.oneof(
          fc.constantFrom('Fuzz', 'AWS/EC2', ':x', ''),
          fc.string({ maxLength: 300 }),
          anything,
        ),
        MetricData: fc.oneof(fc.array(datum, { maxLength: 5 }), anything),
      },
      { requiredKeys: [] },
    )
    .map((body) => JSON.stringify(body)),
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
  // What used to answer 500: values nested deep, and timestamps no Date holds.
  fc
    .tuple(
      fc.integer({ min: 1, max: 200_000 }),
      fc.constantFrom('Namespace', 'MetricData', 'Value', 'Timestamp'),
    )
    .map(([depth, field]) => {
      const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
      return field === 'Namespace' || field === 'MetricData'
        ? `{"Namespace":"F","${field}":${deep}}`
        : `{"Namespace":"F","MetricData":[{"MetricName":"M","${field}":${deep}}]}`;
    }),
  fc
    .oneof(fc.constantFrom(1e300, -1e300, 9e15, 8.64e12 + 1), fc.double())
    .map(
      (t) => `{"Namespace":"F","MetricData":[{"MetricName":"M","Value":1,"Timestamp":${JSON.stringify(t)}}]}`,
    ),
);
/** Mostly the path every request uses; some no URL parser takes (one of them used to end the process). */
const target = fc.oneof(
  { weight: 9, arbitrary: fc.constant('/') },
  {
    weight: 1,
    arbitrary: fc.constantFrom('http://[', 'http://[::1/', '*', '//x', '/_cwagg/../', '/%zz', 'http://a/'),
  },
);
const operation = fc.constantFrom(
  'PutMetricData',
  'PutMetricData',
  'GetMetricStatistics',
  'GetMetricData',
  'ListMetrics',
  'DeleteAlarms',
);
const encoding = fc.constantFrom('none', 'gzip', 'gzip-lie', 'deflate');

function encode(body: string, how: string): { bytes: Buffer; headers: Record<string, string> } {
  const raw = Buffer.from(body, 'latin1');
  if (how === 'gzip') return { bytes: gzipSync(raw), headers: { 'content-encoding': 'gzip' } };
  if (how === 'gzip-lie') return { bytes: raw, headers: { 'content-encoding': 'gzip' } };
  if (how === 'deflate') return { bytes: raw, headers: { 'content-encoding': 'deflate' } };
  return { bytes: raw, headers: {} };
}

describe('random and malformed requests', () => {
  it('always get a 4xx or a correct answer, never a 5xx or a dropped connection', async () => {
    const statuses = new Map<number, number>();
    const count = (status: number) => statuses.set(status, (statuses.get(status) ?? 0) + 1);
    const { peakRssMb } = await peakWhile(endpoint, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(
            fc.tuple(fc.constant('json'), operation, jsonBody, encoding, target),
            fc.tuple(fc.constant('query'), fc.constant(''), formBody, encoding, target),
          ),
          async ([protocol, op, body, how, path]) => {
            const { bytes, headers } = encode(body, how);
            const request =
              protocol === 'json'
                ? post(
                    { 'content-type': JSON_TYPE, 'x-amz-target': `${TARGET}${op}`, ...headers },
                    bytes,
                    path,
                  )
                : post({ 'content-type': FORM_TYPE, ...headers }, bytes, path);
            const answer = await rawExchange(endpoint.port, request);
            count(answer.status);
            expectClientErrorOrAnswer(answer, `${protocol} ${op} ${how}: ${body.slice(0, 200)}`);
            expect(endpoint.alive()).toBe(true);
            if (answer.status === 200 && protocol === 'json' && op === 'PutMetricData') {
              expect(answer.body).toBe('{}');
            }
          },
        ),
        { numRuns: LONG ? 20_000 : 1_000, seed: LONG ? undefined : 20261125 },
      );
    });
    await expectStillServing('fuzz');
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    recordFigures('fuzz', {
      requests: [...statuses.values()].reduce((a, b) => a + b, 0),
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      peakRssMb: Math.round(peakRssMb),
    });
  });
});

/** A gzip body that inflates to `size` zero bytes. */
function gzipBomb(size: number): Buffer {
  return gzipSync(Buffer.alloc(size), { level: 9 });
}

describe('gzip bombs and oversized requests', () => {
  it('refuses 100 MB bombs sent at once over both protocols (413, or a Throttling 400), memory bounded', async () => {
    const bomb = gzipBomb(100 * MiB);
    const bombs = LONG ? 400 : 40;
    const { result, peakRssMb } = await peakWhile(endpoint, () =>
      Promise.all(
        Array.from({ length: bombs }, (_, i) =>
          rawExchange(
            endpoint.port,
            post(
              i % 2 === 0
                ? {
                    'content-type': JSON_TYPE,
                    'x-amz-target': `${TARGET}PutMetricData`,
                    'content-encoding': 'gzip',
                  }
                : { 'content-type': FORM_TYPE, 'content-encoding': 'gzip' },
              bomb,
            ),
          ),
        ),
      ),
    );
    // Refused as too large once inflated, or, past the bodies the endpoint holds at once, throttled unread.
    for (const answer of result) {
      if (answer.status !== 413)
        expect([answer.status, answer.body]).toEqual([400, expect.stringMatching(/Throttling/)]);
    }
    expect(result.filter((answer) => answer.status === 413).length).toBeGreaterThan(0);
    await expectStillServing('bombs');
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    recordFigures('gzip-bombs', {
      bombs,
      inflatesTo: '100 MiB each',
      bombBytes: bomb.length,
      refused413: result.filter((answer) => answer.status === 413).length,
      throttled400: result.filter((answer) => answer.status === 400).length,
      peakRssMb: Math.round(peakRssMb),
    });
  });

  it('answers huge headers, huge URLs and too many headers with 431', async () => {
    const huge = await rawExchange(endpoint.port, jsonPut('{}', { 'x-filler': 'x'.repeat(64 * 1024) }));
    const manyHeaders = Object.fromEntries(Array.from({ length: 3_000 }, (_, i) => [`x-h${i}`, 'y']));
    const many = await rawExchange(endpoint.port, jsonPut('{}', manyHeaders));
    const url = await rawExchange(
      endpoint.port,
      `GET /?Action=${'x'.repeat(100 * 1024)} HTTP/1.1\r\nhost: a\r\n\r\n`,
    );
    expect([huge.status, many.status, url.status]).toEqual([431, 431, 431]);
    await expectStillServing('headers');
  });
});

describe('thousands of connections at once, for a bounded time', () => {
  // Under the 4,096-connection cap; what happens past it is in abuse-slow-clients.test.ts. By default a
  // thousand: 2,000 took over a minute on a busy 2-core machine (CWAGG_LONG=1 runs 4,000).
  const connections = LONG ? 4_000 : 1_000;
  // Half-sent 1 MiB bodies: four times the endpoint's room for bodies is enough to fill it (the long run
  // sends as many as there are connections, gigabytes of them).
  const heldBodies = LONG ? connections : 4 * HELD_BODIES;

  it(`${connections} valid puts on ${connections} connections: every one answered and stored`, async () => {
    const namespace = `Flood/${Date.now()}`;
    const { result, peakRssMb } = await peakWhile(endpoint, () =>
      Promise.all(
        Array.from({ length: connections }, (_, i) =>
          rawExchange(
            endpoint.port,
            jsonPut({ Namespace: namespace, MetricData: [{ MetricName: 'M', Value: i }] }),
          ),
        ),
      ),
    );
    const statuses = new Set(result.map((answer) => answer.status));
    // A request the endpoint has no room for gets a Throttling 400, which the SDK retries; none here.
    expect(statuses).toEqual(new Set([200]));
    const now = Date.now() / 1000;
    const read = await rawExchange(
      endpoint.port,
      post(
        { 'content-type': JSON_TYPE, 'x-amz-target': `${TARGET}GetMetricStatistics` },
        JSON.stringify({
          Namespace: namespace,
          MetricName: 'M',
          StartTime: now - 3_600,
          EndTime: now + 3_600,
          Period: 7_200,
          Statistics: ['SampleCount', 'Sum'],
        }),
      ),
    );
    expect(JSON.parse(read.body).Datapoints).toEqual([
      expect.objectContaining({ SampleCount: connections, Sum: (connections * (connections - 1)) / 2 }),
    ]);
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    recordFigures('concurrent-puts', { connections, stored: connections, peakRssMb: Math.round(peakRssMb) });
  });

  it(`${heldBodies} connections holding 1 MiB bodies half sent: memory bounded, a put meanwhile stored`, async () => {
    const body = Buffer.alloc(MiB - 1, 0x20);
    const held: Socket[] = [];
    const { result, peakRssMb } = await peakWhile(endpoint, async () => {
      try {
        for (let i = 0; i < heldBodies; i++) {
          const head = Buffer.concat([
            Buffer.from(
              `POST / HTTP/1.1\r\nhost: a\r\ncontent-type: ${JSON_TYPE}\r\nx-amz-target: ${TARGET}PutMetricData\r\ncontent-length: ${MiB}\r\n\r\n`,
            ),
            body,
          ]);
          held.push(await holdOpen(endpoint.port, head));
        }
        await new Promise((resolve) => setTimeout(resolve, 2_500));
        // Meanwhile a well-behaved client is stored: the stalled bodies make room for it.
        return await rawExchange(
          endpoint.port,
          jsonPut({ Namespace: 'Held', MetricData: [{ MetricName: 'M', Value: 1 }] }),
        );
      } finally {
        for (const socket of held) socket.destroy();
      }
    });
    expect(result.status).toBe(200);
    expect(endpoint.alive()).toBe(true);
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    await expectStillServing('held');
    recordFigures('held-bodies', {
      connections: heldBodies,
      bodyBytesEach: MiB - 1,
      putMeanwhile: result.status,
      peakRssMb: Math.round(peakRssMb),
    });
  });

  it(`${connections} idle connections: a real client is still served`, async () => {
    const idle: Socket[] = [];
    const { result, peakRssMb } = await peakWhile(endpoint, async () => {
      try {
        for (let i = 0; i < connections; i++) idle.push(await holdOpen(endpoint.port, ''));
        return await rawExchange(
          endpoint.port,
          jsonPut({ Namespace: 'Idle', MetricData: [{ MetricName: 'M', Value: 1 }] }),
        );
      } finally {
        for (const socket of idle) socket.destroy();
      }
    });
    expect(result.status).toBe(200);
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    await expectStillServing('idle');
    recordFigures('idle-connections', { connections, peakRssMb: Math.round(peakRssMb) });
  });
});
