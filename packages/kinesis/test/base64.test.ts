import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64, decodeBase64Into, NOT_BASE64, TOO_LONG } from '../src/index.js';

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

  it('finds garbage invalid where Node would silently skip it', () => {
    for (const garbage of ['abc', 'ab!d', 'a=bc', '====', 'MTIz\n', 'é123', 'MT\u0100z', 'MTI']) {
      expect(decodeBase64(garbage), garbage).toBeUndefined();
      expect(decodeBase64Into(garbage, new Uint8Array(8)), garbage).toBe(NOT_BASE64);
    }
  });
});
