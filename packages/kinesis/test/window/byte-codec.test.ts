/**
 * The window state's bytes: every number, value and string reads back as written, values take the short
 * decimal form whenever it gives the same double back, and a reader given cut or altered bytes throws a
 * StateFormatError instead of reading past them or returning garbage.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, StateFormatError } from '../../src/window/byte-codec.js';

type Item =
  | { kind: 'varint'; value: number }
  | { kind: 'value'; value: number }
  | { kind: 'double'; value: number }
  | { kind: 'string'; value: string };

const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ kind: fc.constant('varint' as const), value: fc.maxSafeNat() }),
  fc.record({
    kind: fc.constant('value' as const),
    value: fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      // Short decimals, the common case, with their awkward neighbours.
      fc.integer({ min: -1e9, max: 1e9 }).chain((n) => fc.constantFrom(n / 10, n / 1000, n / 3, n * 1e-9)),
      fc.constantFrom(0, -0, 0.1 + 0.2, 1e21, -1e-300, Number.MAX_VALUE, Number.MIN_VALUE, 2 ** 47, 2 ** 53),
    ),
  }),
  fc.record({ kind: fc.constant('double' as const), value: fc.double({ noNaN: true }) }),
  fc.record({ kind: fc.constant('string' as const), value: fc.string({ unit: 'binary', maxLength: 40 }) }),
);

function write(items: readonly Item[]): Uint8Array {
  const writer = new ByteWriter();
  for (const entry of items) {
    if (entry.kind === 'string') writer.string(entry.value);
    else writer[entry.kind](entry.value);
  }
  return writer.result();
}

function read(bytes: Uint8Array, items: readonly Item[]): unknown[] {
  const reader = new ByteReader(bytes);
  const values = items.map((entry) => reader[entry.kind]());
  expect(reader.done).toBe(true);
  return values;
}

/** What reading gives back: the same, except that a value is never a negative zero. */
const expected = (entry: Item) => (entry.kind === 'value' ? entry.value + 0 : entry.value);

describe('ByteWriter and ByteReader', () => {
  it('read back every varint, value, double and string as written', () => {
    fc.assert(
      fc.property(fc.array(item, { maxLength: 30 }), (items) => {
        expect(read(write(items), items)).toEqual(items.map(expected));
      }),
      { numRuns: 500 },
    );
  });

  it('write a short decimal in the bytes of its digits, and other doubles in nine', () => {
    const bytesOf = (value: number) => {
      const writer = new ByteWriter();
      writer.value(value);
      return writer.length;
    };
    expect(bytesOf(12.5)).toBe(2);
    expect(bytesOf(0)).toBe(1);
    expect(bytesOf(-3)).toBe(1);
    expect(bytesOf(Math.PI)).toBe(9);
    expect(bytesOf(1e300)).toBe(9);
  });

  it('grow past their first kilobyte without losing what was written', () => {
    const text = 'é'.repeat(3_000);
    const writer = new ByteWriter();
    writer.string(text);
    writer.varint(2 ** 53 - 1);
    const reader = new ByteReader(writer.result());
    expect(reader.string()).toBe(text);
    expect(reader.varint()).toBe(2 ** 53 - 1);
  });

  it('throw a StateFormatError on bytes cut anywhere, never reading past them', () => {
    fc.assert(
      fc.property(fc.array(item, { minLength: 1, maxLength: 10 }), fc.nat(), (items, cut) => {
        const bytes = write(items);
        const at = cut % bytes.length;
        // A copy in a larger buffer: reading past the cut would find bytes there instead of failing.
        const padded = new Uint8Array(bytes.length + 16).fill(0x01);
        padded.set(bytes.subarray(0, at));
        expect(() => read(padded.subarray(0, at), items)).toThrow(StateFormatError);
      }),
      { numRuns: 500 },
    );
  });

  it('refuse numbers too long, a value whose double is missing, and doubles that are not finite', () => {
    const tooLong = new Uint8Array(10).fill(0xff);
    expect(() => new ByteReader(tooLong).varint()).toThrow(StateFormatError);

    const decimals = new ByteWriter();
    decimals.varint(14 + 16 * 14); // 7 zigzag-coded is 14; 14 decimals is the most a value has
    expect(new ByteReader(decimals.result()).value()).toBe(7e-14);
    const missing = new Uint8Array([15]); // 15 in the low bits: a double follows, and none does
    expect(() => new ByteReader(missing).value()).toThrow(StateFormatError);

    const infinite = new ByteWriter();
    infinite.varint(15);
    infinite.double(Number.POSITIVE_INFINITY);
    expect(() => new ByteReader(infinite.result()).value()).toThrow(/not finite/);
  });
});
