/**
 * The memory bound of the endpoint process (300 MB resident, asserted as in abuse-endpoint) against what
 * used to pass it: Query bodies that take many nodes to take apart (one 1 MB parameter name of 500,000
 * segments reached 646 MB), and the store filled to its default caps (526 MB; 100,000 metrics with 30
 * dimensions of 1,024 characters would be 3 GB). Each request past a bound gets a 400 and the endpoint
 * keeps serving. CWAGG_LONG=1 sends more bodies at once.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  type EndpointChild,
  LONG,
  peakWhile,
  post,
  rawExchange,
  recordFigures,
  startEndpointChild,
} from './support/abuse.js';

const RSS_LIMIT_MB = 300;
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_PUT = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'GraniteServiceVersion20100801.PutMetricData',
};
/** Just under the 1 MiB body cap. */
const BODY_BYTES = 1_040_000;

let endpoint: EndpointChild;
beforeEach(async () => {
  endpoint = await startEndpointChild();
});
afterEach(async () => {
  await endpoint.stop();
});

async function expectStillServing(): Promise<void> {
  const put = await rawExchange(
    endpoint.port,
    post(JSON_PUT, JSON.stringify({ Namespace: 'Alive', MetricData: [{ MetricName: 'M', Value: 1 }] })),
  );
  expect(put.status).toBe(200);
  expect(endpoint.alive()).toBe(true);
}

/** A form body of parameters made by `parameter(i)`, up to BODY_BYTES. */
function formOf(parameter: (i: number) => string): string {
  const parts = ['Action=PutMetricData', 'Version=2010-08-01', 'Namespace=N'];
  let length = parts.join('&').length;
  for (let i = 1; ; i++) {
    const part = parameter(i);
    if (length + part.length + 1 > BODY_BYTES) return parts.join('&');
    parts.push(part);
    length += part.length + 1;
  }
}

describe('Query bodies that are costly to take apart', () => {
  const atOnce = LONG ? 64 : 16;
  const bodies: Array<[string, () => string, RegExp]> = [
    [
      'one parameter name of 500,000 segments',
      () =>
        `Action=PutMetricData&Version=2010-08-01&Namespace=N&${Array.from({ length: 500_000 }, () => 'a').join('.')}=1`,
      /more than 16 dot-separated segments/,
    ],
    [
      '80,000 made-up parameter names',
      () => formOf((i) => `k${i.toString(36).padStart(10, 'x')}=`),
      /parameters; cloudwatch-local takes at most 65536/,
    ],
    [
      '33,000 datums of one value each',
      () => formOf((i) => `MetricData.member.${i}.Value=1`),
      /MissingParameter/,
    ],
  ];

  it.each(bodies)(`${atOnce} at once, %s: 400s, memory bounded`, async (what, build, message) => {
    const body = build();
    const { result, peakRssMb } = await peakWhile(endpoint, () =>
      Promise.all(Array.from({ length: atOnce }, () => rawExchange(endpoint.port, post(FORM, body)))),
    );
    for (const answer of result) {
      expect(answer.status).toBe(400);
      expect(answer.body).toMatch(message);
    }
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    await expectStillServing();
    recordFigures(`query-body: ${what}`, {
      atOnce,
      bodyBytes: body.length,
      peakRssMb: Math.round(peakRssMb),
    });
  });
});

describe('the store at its default caps', () => {
  /**
   * Sends puts until the endpoint refuses one with LimitExceeded, stopping early (and failing) if its
   * memory passes the bound first.
   */
  async function fillUntilRefused(datums: (request: number) => unknown[]) {
    let peakRssMb = 0;
    for (let request = 0; request < 5_000; request++) {
      const answer = await rawExchange(
        endpoint.port,
        post(JSON_PUT, JSON.stringify({ Namespace: 'Fill', MetricData: datums(request) })),
      );
      peakRssMb = Math.max(peakRssMb, endpoint.memory().rssMb);
      if (answer.status !== 200 || peakRssMb > RSS_LIMIT_MB) return { answer, requests: request, peakRssMb };
    }
    throw new Error('5,000 requests stored without reaching a cap');
  }

  const wide = (i: number) =>
    Array.from({ length: 30 }, (_, d) => ({ Name: `D${d}`, Value: `${i}-${d}-`.padEnd(1_024, 'x') }));
  const secondsAgo = (s: number) => Math.floor(Date.now() / 1000) - s;

  const fillings: Array<[string, (request: number) => unknown[]]> = [
    [
      'metrics with 30 dimensions of 1,024 characters',
      (r: number) =>
        Array.from({ length: 30 }, (_, i) => ({ MetricName: 'M', Dimensions: wide(r * 30 + i), Value: 1 })),
    ],
    [
      'distinct values',
      (r: number) =>
        Array.from({ length: 60 }, (_, i) => ({
          MetricName: `M${i}`,
          Values: Array.from({ length: 150 }, (_, v) => r * 1e6 + i * 150 + v + 0.5),
        })),
    ],
  ];
  // 390 requests of 1,000 datums: long runs only.
  if (LONG) {
    fillings.push([
      'one value in each of many seconds',
      (r: number) =>
        Array.from({ length: 1_000 }, (_, i) => ({
          MetricName: `M${i % 20}`,
          Value: 1,
          StorageResolution: 1,
          Timestamp: secondsAgo(r * 50 + Math.floor(i / 20)),
        })),
    ]);
  }

  it.each(fillings)('filled with %s: refused with LimitExceeded, memory bounded', async (what, datums) => {
    const { answer, requests, peakRssMb } = await fillUntilRefused(datums);
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    expect(answer.status).toBe(400);
    expect(answer.body).toMatch(/LimitExceeded/);
    await expectStillServing();
    recordFigures(`store-caps: ${what}`, {
      requestsStored: requests,
      refusedWith: JSON.parse(answer.body).message.match(/\((max\w+)/)?.[1],
      peakRssMb: Math.round(peakRssMb),
    });
  });
});
