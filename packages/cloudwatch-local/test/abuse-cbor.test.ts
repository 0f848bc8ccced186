/**
 * The RPC v2 CBOR protocol under fuzzing, in a child process: bodies shaped like the operations' inputs
 * with any field replaced by anything, random bytes, valid bodies cut short or with a byte flipped, deep
 * nesting and lengths declared far past the body. Every answer is a 4xx or a correct answer in CBOR, the
 * process never exits, and its memory stays under the bound of the other abuse suites.
 * CWAGG_LONG=1 runs more of them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CborValue, decodeCbor, encodeCbor } from '../src/protocols/cbor-codec.js';
import {
  type EndpointChild,
  LONG,
  peakWhile,
  rawExchange,
  recordFigures,
  startEndpointChild,
} from './support/abuse.js';

const RSS_LIMIT_MB = 300;
const PATH = '/service/GraniteServiceVersion20100801/operation/';

let endpoint: EndpointChild;
beforeAll(async () => {
  endpoint = await startEndpointChild();
});
afterAll(async () => {
  await endpoint.stop();
});

function request(operation: string, body: Buffer): Buffer {
  return Buffer.concat([
    Buffer.from(
      `POST ${PATH}${operation} HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/cbor\r\n` +
        `smithy-protocol: rpc-v2-cbor\r\ncontent-length: ${body.length}\r\n\r\n`,
    ),
    body,
  ]);
}

const anything: fc.Arbitrary<CborValue> = fc.letrec((tie) => ({
  any: fc.oneof(
    { maxDepth: 3 },
    fc.double(),
    fc.integer(),
    fc.string({ maxLength: 40 }),
    fc.boolean(),
    fc.constant(null),
    fc.uint8Array({ maxLength: 20 }),
    fc.array(tie('any'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 12 }), tie('any'), { maxKeys: 4 }),
  ),
})).any as fc.Arbitrary<CborValue>;

const datum = fc.record(
  {
    MetricName: fc.oneof(fc.string({ maxLength: 300 }), anything),
    Value: fc.oneof(fc.double(), anything),
    Values: fc.oneof(fc.array(fc.double(), { maxLength: 160 }), anything),
    Counts: fc.oneof(fc.array(fc.double(), { maxLength: 160 }), anything),
    Timestamp: fc.oneof(fc.double(), anything),
    Unit: fc.oneof(fc.constantFrom('Count', 'Bogus'), anything),
  },
  { requiredKeys: [] },
);

const body = fc.oneof(
  fc
    .record(
      {
        Namespace: fc.oneof(fc.constantFrom('Fuzz', 'AWS/EC2', ''), anything),
        MetricData: fc.oneof(fc.array(datum, { maxLength: 4 }), anything),
      },
      { requiredKeys: [] },
    )
    .map((value) => encodeCbor(value as CborValue)),
  anything.map((value) => encodeCbor(value)),
  fc.uint8Array({ maxLength: 300 }).map((bytes) => Buffer.from(bytes)),
  // A valid body cut short, or with one byte changed.
  fc
    .tuple(
      fc.array(datum, { minLength: 1, maxLength: 3 }),
      fc.nat(),
      fc.integer({ min: 0, max: 255 }),
      fc.boolean(),
    )
    .map(([data, at, byte, cut]) => {
      const whole = encodeCbor({ Namespace: 'Fuzz', MetricData: data } as CborValue);
      const position = at % whole.length;
      if (cut) return whole.subarray(0, position);
      const changed = Buffer.from(whole);
      changed[position] = byte;
      return changed;
    }),
  // Nesting and declared lengths far past the body.
  fc
    .integer({ min: 1, max: 200_000 })
    .map((depth) => Buffer.concat([Buffer.alloc(depth, 0x9f), Buffer.of(0)])),
  fc.constantFrom(
    Buffer.of(0x7b, 0xff, 0, 0, 0, 0, 0, 0, 0),
    Buffer.of(0x9b, 0x7f, 0, 0, 0, 0, 0, 0, 0),
    Buffer.of(0xbb, 0x10, 0, 0, 0, 0, 0, 0, 0),
  ),
);

describe('fuzzed RPC v2 CBOR requests', () => {
  it('always get a 4xx or a correct answer in CBOR, never a 5xx, an exit or unbounded memory', async () => {
    const statuses = new Map<number, number>();
    const { peakRssMb } = await peakWhile(endpoint, async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom(
            'PutMetricData',
            'PutMetricData',
            'GetMetricStatistics',
            'GetMetricData',
            'ListMetrics',
          ),
          body,
          async (operation, bytes) => {
            const answer = await rawExchange(endpoint.port, request(operation, bytes));
            statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
            expect(
              answer.status === 200 || (answer.status >= 400 && answer.status < 500),
              `${answer.status}`,
            ).toBe(true);
            // The answer itself is CBOR: a map.
            expect(decodeCbor(Buffer.from(answer.body, 'latin1'))).toBeTypeOf('object');
            expect(endpoint.alive()).toBe(true);
          },
        ),
        { numRuns: LONG ? 10_000 : 500, seed: LONG ? undefined : 20261202 },
      );
    });
    expect(peakRssMb).toBeLessThan(RSS_LIMIT_MB);
    recordFigures('fuzz-cbor', {
      requests: [...statuses.values()].reduce((a, b) => a + b, 0),
      statuses: Object.fromEntries([...statuses].sort(([a], [b]) => a - b)),
      peakRssMb: Math.round(peakRssMb),
    });
  });
});
