/**
 * The bounded-error mode's buckets, for values folded into a window state: the same logarithmic mapping as
 * @cwagg/core's bounded mode (bucket i holds magnitudes in (gamma^(i-1), gamma^i], gamma = (1 + e) / (1 - e)),
 * so that the values a bucket stands for land in one bucket of core's again when the window is published.
 */

/** The key of the bucket of zero (real keys are whole numbers). */
export const ZERO_BUCKET = 0.5;

export class LogBuckets {
  private readonly lnGamma: number;

  constructor(readonly relativeError: number) {
    this.lnGamma = Math.log((1 + relativeError) / (1 - relativeError));
  }

  /** Positive values get even keys, negative ones odd keys; zero its own. */
  keyOf(value: number): number {
    if (value === 0) return ZERO_BUCKET;
    return value > 0 ? 2 * this.index(value) : 2 * this.index(-value) + 1;
  }

  private index(magnitude: number): number {
    return Math.ceil(Math.log(magnitude) / this.lnGamma);
  }
}
