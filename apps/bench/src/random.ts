/** Seeded random numbers, so every run and every child process sees the same records. */

/** mulberry32: small, fast, and good enough to draw benchmark data. Returns floats in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normal draws (Box-Muller): the usual shape of latencies, a long tail above the median. */
export function logNormal(random: () => number, median: number, sigma: number): () => number {
  const mu = Math.log(median);
  return () => {
    const u = 1 - random(); // (0, 1]: log(u) stays finite
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.exp(mu + sigma * z);
  };
}
