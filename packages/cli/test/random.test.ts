import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seededRandom, streamSeed } from '../src/index.js';

const TWO_TO_32 = 2 ** 32;
const draws = (random: () => number, n: number) => Array.from({ length: n }, () => random());

describe('seededRandom', () => {
  it('is mulberry32: the sequences the fault injector and the fixtures were built on are unchanged', () => {
    expect(draws(seededRandom(1), 3).map((x) => x * TWO_TO_32)).toEqual([2693262067, 11749833, 2265367787]);
    expect(draws(seededRandom(42), 3).map((x) => x * TWO_TO_32)).toEqual([
      2581720956, 1925393290, 3661312704,
    ]);
    // Only the seed modulo 2^32 counts.
    expect(draws(seededRandom(-1), 3)).toEqual(draws(seededRandom(TWO_TO_32 - 1), 3));
  });

  it('gives the same sequence for the same seed, in [0, 1), and another for another seed', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: TWO_TO_32 - 2 }), (seed) => {
        const a = draws(seededRandom(seed), 20);
        expect(draws(seededRandom(seed), 20)).toEqual(a);
        for (const x of a) expect(x >= 0 && x < 1).toBe(true);
        expect(draws(seededRandom(seed + 1), 20)).not.toEqual(a);
      }),
    );
  });

  it('spreads evenly: 100,000 draws fill ten bins within 2% of a tenth each', () => {
    const counts = new Array<number>(10).fill(0);
    const random = seededRandom(7);
    for (let i = 0; i < 100_000; i++) {
      const bin = Math.floor(random() * 10);
      counts[bin] = (counts[bin] ?? 0) + 1;
    }
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(200);
  });

  it('refuses a seed that is not a whole number, instead of quietly using 0', () => {
    expect(() => seededRandom(1.5)).toThrow(RangeError);
    expect(() => seededRandom(Number.NaN)).toThrow('seed must be a whole number');
  });
});

describe('streamSeed', () => {
  it('derives distinct, repeatable seeds per stream, and all 53 bits of the run seed count', () => {
    fc.assert(
      fc.property(fc.maxSafeInteger(), fc.nat(1000), (seed, stream) => {
        const derived = streamSeed(seed, stream);
        expect(Number.isInteger(derived) && derived >= 0 && derived < TWO_TO_32).toBe(true);
        expect(streamSeed(seed, stream)).toBe(derived);
        expect(streamSeed(seed, stream + 1)).not.toBe(derived);
      }),
    );
    expect(streamSeed(1, 1)).not.toBe(streamSeed(1 + TWO_TO_32, 1));
    expect(streamSeed(-1, 1)).not.toBe(streamSeed(TWO_TO_32 - 1, 1));
  });
});
