/** The fast length of a number in JSON against the string JSON.stringify writes, on adversarial numbers. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fixedNotationLength, jsonNumberLength } from '../src/json-number-length.js';
import { MAX_VALUE_MAGNITUDE } from '../src/limits/index.js';

/** Decimals with few fraction digits (latencies, prices), as text users send reads them. */
const aShortDecimal = fc
  .tuple(fc.integer({ min: -(10 ** 12), max: 10 ** 12 }), fc.integer({ min: 0, max: 15 }))
  .map(([mantissa, digits]) => Number(`${mantissa}e-${digits}`));

/** Where notations change and digits run out: exponents, 1e-6 and 1e15, 1e21, subnormals, 17 digits, -0. */
const anEdge = fc.oneof(
  fc.constantFrom(
    -0,
    0,
    1e-6,
    // The double just below 1e-6, written as a string: the literal reads the same, but linters flag it.
    Number('9.999999999999999e-7'),
    1.0000000000000002e-6,
    1e-7,
    1e15 - 0.5,
    1e15,
    1e21,
    1e21 - 65536,
    Number.MIN_VALUE,
    Number.EPSILON,
    0.1 + 0.2,
    2 ** 53 + 2,
    123456789.12345679,
    MAX_VALUE_MAGNITUDE,
    -MAX_VALUE_MAGNITUDE,
  ),
  fc.integer({ min: -1000, max: 1000 }).map((k) => 10 ** (k / 50)),
  fc.integer().map((n) => n * 1e-6),
);

const anyNumber = fc.oneof(
  aShortDecimal,
  anEdge,
  aShortDecimal.map((value) => -value),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.double({ min: 1e-7, max: 1e16, noNaN: true }),
);

describe('jsonNumberLength', () => {
  it('is the length of the number as JSON.stringify writes it, for any finite number', () => {
    fc.assert(
      fc.property(anyNumber, (value) => {
        expect(jsonNumberLength(value)).toBe(JSON.stringify(value).length);
      }),
      { numRuns: 20_000 },
    );
  });

  it('takes the fast path for short decimals, and leaves exponents and long digits to the string', () => {
    expect(fixedNotationLength(52.137)).toBe(6);
    expect(fixedNotationLength(-0.000001)).toBe(9);
    expect(fixedNotationLength(123456789.5)).toBe(11);
    expect(fixedNotationLength(1e-7)).toBe(0);
    expect(fixedNotationLength(1e15)).toBe(0);
    expect(fixedNotationLength(0.1 + 0.2)).toBe(0);
    fc.assert(
      fc.property(anyNumber, (value) => {
        const fast = fixedNotationLength(value);
        if (fast > 0) expect(fast).toBe(String(value).length);
      }),
      { numRuns: 20_000 },
    );
  });
});
