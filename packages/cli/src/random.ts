/**
 * The one seeded pseudo-random generator of the workspace: fault injection in the local CloudWatch, the
 * bench's workloads, the producer's records and every test fixture draw from it, so "same seed, same
 * run" holds across packages and a sequence never depends on which library happened to generate it.
 *
 * mulberry32: 32 bits of state, one multiply-xorshift round per draw. Small, fast, and the same on every
 * machine. Its period is 2^32 and every seed is a starting point on that one cycle: fine for test data and
 * fault sequences, not for cryptography or for streams of billions of draws.
 */

/** A uniform number in [0, 1) with 32 bits of resolution. */
export type Random = () => number;

const TWO_TO_32 = 0x1_0000_0000;
/** mulberry32's Weyl increment: the state advances by it on every draw. */
const WEYL_INCREMENT = 0x6d2b79f5;

function checkSeed(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) {
    throw new RangeError(`${name} must be a whole number (a safe integer), got ${value}`);
  }
}

/**
 * The generator for `seed`: the same seed gives the same sequence on every machine. Any safe integer is a
 * seed; only its value modulo 2^32 counts (so -1 and 4,294,967,295 are the same seed).
 */
export function seededRandom(seed: number): Random {
  checkSeed('seed', seed);
  let state = seed >>> 0;
  return () => {
    state = (state + WEYL_INCREMENT) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / TWO_TO_32;
  };
}

/** murmur3's finaliser: every input bit flips about half the output bits. */
function mix32(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The seed of stream number `stream` of a run seeded with `seed`: independent draws for independent
 * purposes (e.g. record contents and partition keys), so drawing more of one never shifts the other.
 * Unlike seededRandom, all 53 bits of a safe-integer seed count.
 */
export function streamSeed(seed: number, stream: number): number {
  checkSeed('seed', seed);
  checkSeed('stream', stream);
  const high = Math.floor(seed / TWO_TO_32);
  let h = mix32(seed >>> 0);
  h = mix32(h ^ mix32(high >>> 0));
  return mix32(h ^ mix32((stream >>> 0) + WEYL_INCREMENT));
}

/** A fresh 32-bit seed for a run that was given none: print it, so the run can be repeated. */
export function freshSeed(): number {
  return Math.floor(Math.random() * TWO_TO_32);
}
