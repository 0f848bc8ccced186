/**
 * The producer's randomness, all from the workspace's one seeded PRNG (seededRandom of @cwagg/cli):
 * independent seeded streams derived from one run seed, so that, for example, the partition keys drawn
 * never shift the record contents: the same seed gives the same data whatever the key option.
 */
import { freshSeed, seededRandom, streamSeed } from '@cwagg/cli';
import type { Randomizer } from '@faker-js/faker';

/** A uniform number in [0, 1). */
export type RandomSource = () => number;

export const RandomStream = {
  data: 1,
  partitionKey: 2,
  payload: 3,
} as const;

const TWO_TO_21 = 2 ** 21;
const TWO_TO_32 = 2 ** 32;
const TWO_TO_53 = 2 ** 53;

/**
 * Uniform doubles with all 53 bits of a double's precision, from two 32-bit draws: the generator alone
 * gives 2^32 distinct values, too few for faker's wide ranges ({{random.number(1e12)}}) and the KDG's
 * 10-digit partition keys.
 */
function fullPrecision(next: () => number): RandomSource {
  return () => {
    const high = Math.floor(next() * TWO_TO_32);
    const low = Math.floor(next() * TWO_TO_32) >>> 11;
    return (high * TWO_TO_21 + low) / TWO_TO_53;
  };
}

/** Stream `stream` of a run seeded with `seed` (any safe integer, negative too). */
export function seededStream(seed: number, stream: number): RandomSource {
  return fullPrecision(seededRandom(streamSeed(seed, stream)));
}

/**
 * A faker Randomizer on stream `stream` of the run seed, for `new Faker({ locale, randomizer })`. Should
 * faker.seed() be called anyway, its seed (or seed words) restarts the stream from there.
 */
export function fakerRandomizer(seed: number, stream: number): Randomizer {
  let random = seededStream(seed, stream);
  return {
    next: () => random(),
    seed(value) {
      const words = Array.isArray(value) ? value : [value];
      random = seededStream(
        words.reduce((mixed, word) => streamSeed(mixed, Math.trunc(word) >>> 0), seed),
        stream,
      );
    },
  };
}

/** A fresh 32-bit seed, reported in the summary so a run can be repeated. */
export function newSeed(): number {
  return freshSeed();
}
