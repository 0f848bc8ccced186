/** Random draws with the shapes the workloads need, from a seeded uniform source. */

/** Log-normal draws (Box-Muller): the usual shape of latencies, a long tail above the median. */
export function logNormal(random: () => number, median: number, sigma: number): () => number {
  const mu = Math.log(median);
  return () => {
    const u = 1 - random(); // (0, 1]: log(u) stays finite
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.exp(mu + sigma * z);
  };
}
