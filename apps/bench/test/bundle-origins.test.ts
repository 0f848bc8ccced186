/**
 * Bytes by origin, through source maps: the VLQ decoding against numbers worked out by hand, the attribution
 * on a hand-written map, and on the built aggregated handler (every byte counted once, cwagg's packages found).
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleLayout } from '@cwagg/local-lambda/bundle-layout';
import { describe, expect, it, onTestFinished } from 'vitest';
import {
  bytesByOrigin,
  charactersBySource,
  cwaggCodeOf,
  decodeVlq,
  originOf,
  UNMAPPED,
} from '../src/bundle-origins.js';
import { prepareBundles } from '../src/bundles.js';

/** The base64 VLQ of one number, written the way the source map format specifies it. */
function encodeVlq(value: number): string {
  const digits = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let rest = value < 0 ? -value * 2 + 1 : value * 2;
  let text = '';
  do {
    const low = rest % 32;
    rest = Math.floor(rest / 32);
    text += digits[rest > 0 ? low + 32 : low];
  } while (rest > 0);
  return text;
}

describe('bundle origins', () => {
  it('decodes VLQ segments: signs, several digits, several numbers', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('CAAC')).toEqual([1, 0, 0, 1]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
    expect(decodeVlq('2H')).toEqual([123]);
    expect(() => decodeVlq('A!')).toThrow(/"!" is not a base64 VLQ digit/);
    // Concatenated, as a segment holds its numbers: edges of one digit, of two, and large magnitudes.
    const numbers = [0, 1, -1, 15, 16, -16, 31, 32, -33, 1023, 1024, -123_456, 2 ** 30, -(2 ** 40)];
    expect(decodeVlq(numbers.map(encodeVlq).join(''))).toEqual(numbers);
  });

  it('gives each character to the source of the segment it falls in, and every character to one', () => {
    // Line 1: "ab" from a.ts, then "cd" from b.ts; line 2: "ef" unmapped, then "gh" from a.ts.
    const code = 'abcd\nefgh';
    const map = { sources: ['a.ts', 'b.ts'], mappings: `AAAA,${encodeVlq(2)}CAA;${encodeVlq(2)}DAA` };
    expect(Object.fromEntries(charactersBySource(code, map))).toEqual({
      'a.ts': 4,
      'b.ts': 2,
      [UNMAPPED]: 3,
    });
  });

  it("takes out the cwagg packages' code across files, in order, and nothing else", () => {
    const dir = mkdtempSync(join(tmpdir(), 'cwagg-origins-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const core = '../../packages/core/dist/aggregator.js';
    const kinesis = '../../packages/kinesis/dist/runs.js';
    const sdk = '../../node_modules/.pnpm/@smithy+core@3.0.0/node_modules/@smithy/core/dist-es/index.js';
    // First file, line 1: "SS" from the SDK, "cc" from core; line 2: "kk" from kinesis. A file without a map
    // (the third) counts for nothing, as its origin is unknown.
    writeFileSync(join(dir, 'a.mjs'), 'SScc\nkk');
    writeFileSync(
      join(dir, 'a.mjs.map'),
      JSON.stringify({ sources: [sdk, core, kinesis], mappings: `AAAA,${encodeVlq(2)}CAA;ACAA` }),
    );
    // Second file: "C" from core, then "u" unmapped, then "S" from the SDK.
    writeFileSync(join(dir, 'b.mjs'), 'CuS');
    writeFileSync(join(dir, 'b.mjs.map'), JSON.stringify({ sources: [core, sdk], mappings: 'AAAA,C,CCAA' }));
    writeFileSync(join(dir, 'c.mjs'), 'cccc');
    const files = ['a.mjs', 'b.mjs', 'c.mjs'].map((name) => join(dir, name));
    expect(cwaggCodeOf(files)).toBe('cckkC');
  });

  it('names origins by the package a file is in', () => {
    const pnpm = '../../node_modules/.pnpm/@smithy+core@3.0.0/node_modules/@smithy/core/dist-es/index.js';
    expect(originOf(pnpm)).toBe('AWS SDK');
    expect(originOf('../../node_modules/tslib/tslib.es6.mjs')).toBe('other dependencies');
    expect(originOf('../../packages/core/dist/aggregator.js')).toBe('@cwagg/core');
    expect(originOf('src/handler.ts')).toBe('handler');
    expect(originOf(UNMAPPED)).toBe(UNMAPPED);
  });

  it('counts every byte of the built aggregated handler once, the SDK and both cwagg packages among them', async () => {
    const { aggregated } = await prepareBundles(['aggregated'], '/nonexistent');
    const { coldStart } = bundleLayout(aggregated);
    const origins = bytesByOrigin(coldStart.files);
    expect(Object.values(origins).reduce((sum, bytes) => sum + bytes, 0)).toBe(coldStart.bytes);
    expect(origins['AWS SDK']).toBeGreaterThan(100_000);
    expect(origins['@cwagg/core']).toBeGreaterThan(5_000);
    expect(origins['@cwagg/kinesis']).toBeGreaterThan(5_000);
    expect(cwaggCodeOf(coldStart.files).length).toBe(
      (origins['@cwagg/core'] as number) + (origins['@cwagg/kinesis'] as number),
    );
  });
});
