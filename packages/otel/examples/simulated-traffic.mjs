// Seeded simulated traffic for the example: which route each request takes and how long it lasts
// (log-normal latencies, median 40 ms). The same seed always gives the same requests.

export const ROUTES = ['/buy', '/cart', '/search'];

/** mulberry32: a small, fast, seeded 32-bit generator; uniform numbers in [0, 1). */
function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` requests: `routes[i]` indexes ROUTES, `latencies[i]` is in milliseconds. */
export function simulatedRequests(count, seed) {
  const random = seeded(seed);
  const routes = new Uint8Array(count);
  const latencies = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    routes[i] = Math.floor(random() * ROUTES.length);
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    latencies[i] = 40 * Math.exp(0.8 * normal) * (1 + routes[i]);
  }
  return { routes, latencies };
}
