/** Fault injection for PutMetricData: which requests fail, decided by a seeded PRNG in arrival order. */
export const FAULT_KINDS = ['throttle', 'error', 'drop', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** mulberry32: a tiny, fast 32-bit PRNG; the same seed gives the same sequence on every machine. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class FaultInjector {
  private random: () => number;

  constructor(
    private readonly rate: number,
    private readonly seed: number,
    private readonly kinds: readonly FaultKind[],
  ) {
    this.random = mulberry32(seed);
  }

  /** The fault for the next PutMetricData to arrive, if any. */
  next(): FaultKind | undefined {
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (this.random() >= this.rate) return undefined;
    return this.kinds[Math.floor(this.random() * this.kinds.length)];
  }

  /** Starts the sequence again from the seed. */
  reset(): void {
    this.random = mulberry32(this.seed);
  }
}
