/**
 * A token bucket: `ratePerSecond` tokens a second, up to `burst` saved. Time is passed in, so the
 * bucket itself never reads a clock.
 */
/** Refills add small fractions: allow for rounding so 10 x 0.1 tokens make a whole one. */
const EPSILON = 1e-9;

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly ratePerSecond: number,
    private readonly burst: number,
    now: number,
  ) {
    if (!(ratePerSecond > 0)) throw new RangeError('ratePerSecond must be above 0');
    if (!(burst >= 1)) throw new RangeError('burst must be at least 1');
    this.tokens = burst;
    this.last = now;
  }

  private refill(now: number): void {
    if (now > this.last) {
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
    }
  }

  /** Takes one token if there is one. */
  tryTake(now: number): boolean {
    this.refill(now);
    if (this.tokens < 1 - EPSILON) return false;
    this.tokens -= 1;
    return true;
  }

  /** Milliseconds until the next token, 0 if one is there now. */
  msUntilNext(now: number): number {
    this.refill(now);
    return this.tokens >= 1 - EPSILON ? 0 : Math.ceil(((1 - this.tokens) * 1000) / this.ratePerSecond);
  }
}

/** Burst for a rate: a tenth of a second's worth, at least 1 and at most one full PutRecords call. */
export function burstFor(ratePerSecond: number, maxBatch: number): number {
  return Math.max(1, Math.min(maxBatch, Math.floor(ratePerSecond / 10)));
}
