// Types of simulated-traffic.mjs, for the test that compares read-back percentiles with its requests.
export declare const ROUTES: readonly string[];
export declare function simulatedRequests(
  count: number,
  seed: number,
): { routes: Uint8Array; latencies: Float64Array };
