/** Seeded log-normal latencies (ms), the shape request latencies have, and their exact percentiles. */
import { seededRandom } from '@cwagg/cli';

export function latencies(count: number, seed: number, median = 50, sigma = 1): Float64Array {
  const random = seededRandom(seed);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    // Box-Muller: a standard normal from two uniforms in (0, 1].
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    values[i] = median * Math.exp(sigma * normal);
  }
  return values;
}
