import { generateMersenne53Randomizer } from '@faker-js/faker';

/** A uniform number in [0, 1). */
export type RandomSource = () => number;

/**
 * Independent seeded streams derived from one run seed, so that, for example, the partition keys
 * drawn never shift the record contents: the same seed gives the same data whatever the key option.
 */
export const RandomStream = {
  data: 1,
  partitionKey: 2,
  payload: 3,
} as const;

/** The seed words for one stream: any safe integer seed (negative too) maps to distinct words. */
export function seedWords(seed: number, stream: number): number[] {
  const high = Math.floor(seed / 0x1_0000_0000);
  return [high >>> 0, seed >>> 0, stream];
}

export function seededRandom(seed: number, stream: number): RandomSource {
  const randomizer = generateMersenne53Randomizer();
  randomizer.seed(seedWords(seed, stream));
  return () => randomizer.next();
}

/** A fresh 32-bit seed, reported in the summary so a run can be repeated. */
export function newSeed(): number {
  return Math.floor(Math.random() * 0x1_0000_0000);
}
