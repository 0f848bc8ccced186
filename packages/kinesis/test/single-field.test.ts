/**
 * The one-member VALUE_FIELD path (`{"value":N}` read from its base64) against the full parse, on records
 * shaped to come close to it: the key spelled with escapes or another case, whitespace anywhere, numbers with
 * exponents, leading zeros, signs, huge and tiny magnitudes, -0, a second or duplicate member, nesting,
 * trailing garbage, bytes cut or flipped.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBatch } from '../src/index.js';
import { SingleFieldReader } from '../src/mapping/single-field.js';
import { eventOf } from './support/fixtures.js';

const space = fc.constantFrom('', ' ', '\n', '\t', '\r\n', '  ', '\u00a0', '\f');
const aKey = fc.constantFrom(
  '"value"',
  '"\\u0076alue"',
  '"Value"',
  '"value "',
  '"valu"',
  '"value\\""',
  'value',
  '"é"',
);
const aNumber = fc.oneof(
  fc.constantFrom(
    '0',
    '-0',
    '7',
    '007',
    '-',
    '+1',
    '1.',
    '.5',
    '1.5',
    '-1.25',
    '1e3',
    '1E-7',
    '1e400',
    '-1e400',
    '5e-324',
    '123456789012345',
    '1234567890123456789',
    '0.1000000000000000055511151231257827',
    '1.7976931348623157e308',
    'NaN',
    'Infinity',
    '0x10',
    '1_000',
    '"1"',
    'null',
    'true',
    '[1]',
    '{"value":1}',
  ),
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((value) => JSON.stringify(value)),
);
const aTail = fc.constantFrom('', '', '', ',"value":2', ',"other":1', '}', ',', 'x', ']');

const aRecord = fc
  .tuple(space, aKey, space, space, aNumber, space, aTail, space, fc.boolean())
  .map(
    ([a, key, b, c, number, d, tail, e, brace]) =>
      `${a}{${key}${b}:${c}${number}${d}${tail}${brace ? '}' : ''}${e}`,
  );

/** The record's bytes, now and then cut short or with a byte flipped. */
const aPayload = fc
  .tuple(aRecord, fc.nat(), fc.constantFrom('none', 'none', 'none', 'cut', 'flip'))
  .map(([text, at, damage]) => {
    const bytes = new TextEncoder().encode(text);
    if (damage === 'none' || bytes.length === 0) return bytes;
    const position = at % bytes.length;
    if (damage === 'cut') return bytes.subarray(0, position);
    const copy = bytes.slice();
    copy[position] = (copy[position] as number) ^ (1 << (at % 8));
    return copy;
  });

const plain = (batch: ReturnType<typeof decodeBatch>) => ({
  values: Array.from(batch.values.subarray(0, batch.valueCount), (v) => (Object.is(v, -0) ? '-0' : v)),
  recordFirstValue: Array.from(batch.recordFirstValue),
  invalid: batch.invalid,
});

describe('the one-member VALUE_FIELD path', () => {
  it('gives the batch the full parse gives, on records made to look like {"value":N}', () => {
    fc.assert(
      fc.property(fc.array(aPayload, { minLength: 1, maxLength: 20 }), (payloads) => {
        const records = eventOf(payloads).Records;
        const fast = decodeBatch(records, { valueField: ['value'], clock: () => 0 });
        const full = decodeBatch(records, { valueField: ['value'], clock: () => 0, jsonFastPath: false });
        expect(plain(fast)).toEqual(plain(full));
      }),
      { numRuns: 2_000 },
    );
  });

  it('reads the records it is for, and leaves the rest to the scanner', () => {
    const reader = new SingleFieldReader('value');
    const out = new Float64Array(1);
    const read = (text: string) => reader.read(Buffer.from(text).toString('base64'), out, 0);
    for (const [text, value] of [
      ['{"value":12}', 12],
      ['{"value": -0.5 }\n', -0.5],
      ['{"value":1e3}', 1000],
      ['{"value":0}', 0],
    ] as const) {
      expect(read(text)).toBe(true);
      expect(out[0]).toBe(value);
    }
    for (const text of [
      '{"value":1,"value":2}',
      '{"value":01}',
      '{"\\u0076alue":1}',
      ' {"value":1}',
      '{"value":"1"}',
    ]) {
      expect(read(text)).toBe(false);
    }
    // Keys whose prefix is not a whole number of base64 groups, and keys outside ASCII.
    for (const key of ['v', 'va', 'val', 'é', 'latencyMs']) {
      const other = new SingleFieldReader(key);
      expect(other.read(Buffer.from(`{${JSON.stringify(key)}:42}`).toString('base64'), out, 0)).toBe(true);
      expect(out[0]).toBe(42);
    }
  });
});
