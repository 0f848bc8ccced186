/**
 * Explicit bucket boundaries in geometric progression: with ratio r = (1+e)/(1-e) between neighbours, every
 * value between the first and the last boundary is sent within relative error e (bucket-values.ts).
 */

export interface GeometricBoundariesOptions {
  /** The first boundary (> 0). */
  from: number;
  /** The last boundary is the first one at or past this. */
  to: number;
  /** The relative error every value between `from` and `to` is sent within (0 < e < 1), e.g. 0.01. */
  relativeError: number;
}

export function geometricBoundaries({ from, to, relativeError }: GeometricBoundariesOptions): number[] {
  if (!(from > 0 && to > from && Number.isFinite(to))) {
    throw new RangeError(`geometricBoundaries needs 0 < from < to (got from ${from}, to ${to})`);
  }
  if (!(relativeError > 0 && relativeError < 1)) {
    throw new RangeError(`relativeError must be between 0 and 1 (got ${relativeError})`);
  }
  const ratio = (1 + relativeError) / (1 - relativeError);
  const count = Math.ceil(Math.log(to / from) / Math.log(ratio));
  // Each boundary from its index, not by repeated multiplication, so that rounding does not accumulate.
  return Array.from({ length: count + 1 }, (_, k) => from * ratio ** k);
}
