import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBase64,
  decodeBase64Into,
  decodeBase64IntoBuffer,
  NOT_BASE64,
  TOO_LONG,
} from '../src/index.js';

describe('strict base64', () => {
  it('decodes exactly what Buffer encodes, into a buffer or a new array', () => {
    const scratch = new Uint8Array(64);
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 100 }), (raw) => {
        const encoded = Buffer.from(raw).toString('base64');
        expect(decodeBase64(encoded)).toEqual(raw);
        const length = decodeBase64Into(encoded, scratch);
        if (raw.length <= scratch.length) {
          expect(length).toBe(raw.length);
          expect(scratch.subarray(0, length)).toEqual(raw);
        } else {
          expect(length).toBe(TOO_LONG);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('decodes from any group on: the bytes after the ones skipped, or NOT_BASE64 past the end', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), fc.nat(), (bytes, at) => {
        const data = Buffer.from(bytes).toString('base64');
        const from = 4 * (at % (data.length / 4 + 2));
        const out = new Uint8Array(64);
        const length = decodeBase64Into(data, out, from);
        if (from > 0 && from >= data.length) {
          expect(length).toBe(NOT_BASE64);
          return;
        }
        expect(Array.from(out.subarray(0, length))).toEqual(Array.from(bytes.subarray((from / 4) * 3)));
      }),
    );
    expect(decodeBase64Into('QUJD', new Uint8Array(8), 2)).toBe(NOT_BASE64);
  });

  it('finds garbage invalid where Node would silently skip it', () => {
    for (const garbage of ['abc', 'ab!d', 'a=bc', '====', 'MTIz\n', 'é123', 'MT\u0100z', 'MTI']) {
      expect(decodeBase64(garbage), garbage).toBeUndefined();
      expect(decodeBase64Into(garbage, new Uint8Array(8)), garbage).toBe(NOT_BASE64);
    }
  });

  it('gives the strict decoder’s answer with Node’s decoder behind it, on any string', () => {
    const strict = new Uint8Array(512);
    const fast = Buffer.alloc(512);
    // Valid base64 of every length, then damaged: a character replaced by one Node would skip or read
    // differently (whitespace, URL-safe, '=', non-ASCII, anything), or the padding bits set.
    const damage = fc.constantFrom(' ', '\n', '-', '_', '=', '!', '\u00e9', '\u0100', 'A', '/', '+');
    const aString = fc
      .tuple(fc.uint8Array({ maxLength: 300 }), fc.option(fc.tuple(fc.nat(), damage), { freq: 2 }))
      .map(([raw, change]) => {
        const encoded = Buffer.from(raw).toString('base64');
        if (change === null || encoded.length === 0) return encoded;
        const [at, character] = change;
        const position = at % encoded.length;
        return encoded.slice(0, position) + character + encoded.slice(position + 1);
      });
    fc.assert(
      fc.property(fc.oneof(aString, fc.string({ maxLength: 200 })), (data) => {
        const expected = decodeBase64Into(data, strict);
        const actual = decodeBase64IntoBuffer(data, fast);
        expect(actual, data).toBe(expected);
        if (expected > 0) expect(fast.subarray(0, actual)).toEqual(Buffer.from(strict.subarray(0, expected)));
      }),
      { numRuns: 5000 },
    );
    // Padding bits set: not canonical, still base64 to the strict decoder, and so to the fast one.
    const long = `${'QUJD'.repeat(40)}QR==`;
    expect(decodeBase64IntoBuffer(long, fast)).toBe(decodeBase64Into(long, strict));
  });
});
