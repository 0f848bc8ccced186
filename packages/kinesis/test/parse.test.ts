import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBase64DecimalFull, parseBase64DecimalInto } from '../src/base64-decimal.js';
import {
  parseBase64Decimal,
  parseDecimalPayload,
  parseJsonFieldPayload,
  parsePayload,
  parseSimpleDecimal,
} from '../src/index.js';

const bytes = (text: string) => new TextEncoder().encode(text);

describe('decimal payloads', () => {
  it('fast path and strict path agree wherever the fast path answers', () => {
    const alphabet = fc.constantFrom(...'0123456789.-+ eE\t\n'.split(''));
    const text = fc.oneof(
      fc.string({ unit: alphabet, maxLength: 20 }),
      fc.double({ noNaN: true }).map(String),
      fc.integer().map(String),
      fc.tuple(fc.integer({ min: -1e6, max: 1e6 }), fc.nat({ max: 999999 })).map(([a, b]) => ` ${a}.${b}\n`),
    );
    fc.assert(
      fc.property(text, (payload) => {
        const encoded = bytes(payload);
        const fast = parseSimpleDecimal(encoded, 0, encoded.length);
        const strict = parseDecimalPayload(encoded);
        if (!Number.isNaN(fast)) {
          expect(strict.reason).toBeUndefined();
          expect(Object.is(fast, strict.value)).toBe(true);
          expect(Object.is(fast, Number(payload.trim()))).toBe(true);
        }
        const fromBase64 = parseBase64Decimal(Buffer.from(encoded).toString('base64'));
        if (!Number.isNaN(fromBase64)) expect(Object.is(fromBase64, strict.value)).toBe(true);
        if (encoded.length <= 24) expect(Object.is(fromBase64, fast)).toBe(true);
        const outcome = parsePayload(encoded, {});
        if (strict.reason === undefined) expect(Object.is(outcome.value, strict.value)).toBe(true);
        else expect(outcome.reason).toBe(strict.reason);
      }),
      { numRuns: 3000 },
    );
  });

  it('reads base64 straight into a number, leaving anything unusual to the strict path', () => {
    const b64 = (text: string) => Buffer.from(text).toString('base64');
    expect(parseBase64Decimal(b64('123'))).toBe(123);
    expect(parseBase64Decimal(b64(' -0.25\n'))).toBe(-0.25);
    expect(parseBase64Decimal(b64('7'))).toBe(7);
    expect(parseBase64Decimal(b64('42'))).toBe(42);
    for (const data of ['', 'MTIz=', 'M===', 'MTIz!', 'TVRJeg==x', b64('1e3'), b64('x'.repeat(30)), 'éééé']) {
      expect(parseBase64Decimal(data), data).toBeNaN();
    }
  });

  it('reads digits and a point as the whole grammar does, on any base64 and anything near it', () => {
    const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const digits = fc.string({
      unit: fc.constantFrom(...'0123456789'.split('')),
      minLength: 1,
      maxLength: 18,
    });
    // Decimals too: leading zeros, a point first or last, two points.
    const decimal = fc
      .tuple(
        digits,
        fc.constantFrom('', '.', '..'),
        fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), maxLength: 9 }),
      )
      .map(([whole, point, fraction]) => whole + point + fraction);
    const pointFirst = digits.map((fraction) => `.${fraction}`);
    const encodedDigits = fc
      .oneof(digits, decimal, pointFirst)
      .map((text) => Buffer.from(text).toString('base64'));
    // One character of an encoding changed: a pad moved in, bits set that padding leaves out, a foreign one.
    const spoiled = fc
      .tuple(encodedDigits, fc.nat(), fc.constantFrom(...`${ALPHABET}=é\u0100 -`.split('')))
      .map(([data, at, char]) => {
        const k = at % data.length;
        return data.slice(0, k) + char + data.slice(k + 1);
      });
    const anything = fc.string({ unit: fc.constantFrom(...`${ALPHABET}=é`.split('')), maxLength: 24 });
    const signed = fc
      .tuple(fc.constantFrom('-', '+', ' ', '', '0', '.'), digits, fc.constantFrom('', ' ', '.5', '\n', 'e1'))
      .map(([before, text, after]) => Buffer.from(before + text + after).toString('base64'));
    fc.assert(
      fc.property(fc.oneof(encodedDigits, spoiled, anything, signed), (data) => {
        const fast = new Float64Array(1).fill(Number.NaN);
        const full = new Float64Array(1).fill(Number.NaN);
        expect(parseBase64DecimalInto(data, fast, 0), data).toBe(parseBase64DecimalFull(data, full, 0));
        expect(Object.is(fast[0], full[0]), data).toBe(true);
      }),
      { numRuns: 5000 },
    );
    // Padding's left-out bits set ('NR==' is 'NQ==' with them), leading zeros, the longest integers it reads.
    for (const data of ['NR==', 'NDJ=', 'MDAwNw==', Buffer.from('123456789012345').toString('base64')]) {
      const fast = new Float64Array(1);
      const full = new Float64Array(1);
      expect(parseBase64DecimalInto(data, fast, 0)).toBe(parseBase64DecimalFull(data, full, 0));
      expect(fast[0]).toBe(full[0]);
    }
  });

  it('accepts what the Kinesis Data Generator sends, with surrounding whitespace', () => {
    for (const [text, value] of [
      ['0', 0],
      ['1000', 1000],
      [' 42\n', 42],
      ['-7.25', -7.25],
      ['+3', 3],
      ['.5', 0.5],
      ['5.', 5],
      ['1e3', 1000],
      ['0.1', 0.1],
      ['123456789012345678', Number('123456789012345678')],
    ] as const) {
      expect(parsePayload(bytes(text), {})).toEqual({ value });
    }
  });

  it('finds everything else invalid, with a reason a person understands', () => {
    const cases: [string | Uint8Array, RegExp][] = [
      ['', /payload is empty/],
      ['   \t', /only whitespace/],
      ['NaN', /"NaN" is not a decimal number/],
      ['Infinity', /not a decimal number/],
      ['-Infinity', /not a decimal number/],
      ['1e400', /"1e400" is outside CloudWatch's range/],
      ['-1e400', /outside CloudWatch's range/],
      ['2.5e108', /outside CloudWatch's range/],
      ['0x10', /"0x10" is not a decimal number/],
      ['1,000', /not a decimal number/],
      ['12abc', /not a decimal number/],
      ['1 2', /not a decimal number/],
      ['--1', /not a decimal number/],
      ['.', /not a decimal number/],
      ['{"value": 5}', /set VALUE_FIELD/],
      [Uint8Array.of(0x31, 0xff, 0x32), /not valid UTF-8/],
      ['x'.repeat(1024 * 1024), /"x{40}…" is not a decimal number/],
    ];
    for (const [payload, reason] of cases) {
      const outcome = parsePayload(typeof payload === 'string' ? bytes(payload) : payload, {});
      expect(outcome.value, String(payload).slice(0, 20)).toBeUndefined();
      expect(outcome.reason).toMatch(reason);
    }
  });

  it('accepts values at the edge of CloudWatch’s range and rejects just beyond', () => {
    expect(parsePayload(bytes(String(2 ** 360)), {})).toEqual({ value: 2 ** 360 });
    expect(parsePayload(bytes(String(-(2 ** 360))), {})).toEqual({ value: -(2 ** 360) });
    expect(parsePayload(bytes(String(2 ** 360 * (1 + Number.EPSILON))), {}).reason).toMatch(/range/);
  });
});

describe('JSON payloads with a value field', () => {
  const field = ['metrics', 'latency'];
  it('reads the number at the field', () => {
    expect(parseJsonFieldPayload(bytes('{"metrics":{"latency":12.5}}'), field)).toEqual({ value: 12.5 });
    expect(parsePayload(bytes('{"v":-3}'), { valueField: ['v'] })).toEqual({ value: -3 });
  });
  it('finds what is not a number there invalid', () => {
    const cases: [string, RegExp][] = [
      ['12', /no field "metrics.latency"/],
      ['not json', /is not JSON/],
      ['{"metrics":{"latency":"12"}}', /is string, not a number/],
      ['{"metrics":{"latency":null}}', /is null, not a number/],
      ['{"metrics":[1]}', /no field/],
      ['{"metrics":{"latency":1e400}}', /outside CloudWatch's range/],
      ['', /empty/],
    ];
    for (const [payload, reason] of cases) {
      expect(parseJsonFieldPayload(bytes(payload), field).reason).toMatch(reason);
    }
  });
});
