/** Fault injection for PutMetricData: which requests fail, decided by a seeded PRNG in arrival order. */
import { type Random, seededRandom } from '@cwagg/cli';

export const FAULT_KINDS = ['throttle', 'error', 'drop', 'slow'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export class FaultInjector {
  private random: Random;

  constructor(
    private readonly rate: number,
    private readonly seed: number,
    private readonly kinds: readonly FaultKind[],
  ) {
    this.random = seededRandom(seed);
  }

  /** The fault for the next PutMetricData to arrive, if any. */
  next(): FaultKind | undefined {
    if (this.rate <= 0 || this.kinds.length === 0) return undefined;
    if (this.random() >= this.rate) return undefined;
    return this.kinds[Math.floor(this.random() * this.kinds.length)];
  }

  /** Starts the sequence again from the seed. */
  reset(): void {
    this.random = seededRandom(this.seed);
  }
}
