/**
 * Datums whose request failed after the SDK's own retries, kept (oldest first) to be sent again with the
 * next flush. Held per datum, not per request, so that the next flush re-packs them with fresh data into as
 * few requests as the limits allow, and so that the bound drops exactly the oldest data.
 */
import type { MetricDatum } from '../types.js';

export interface HeldDatum {
  datum: MetricDatum;
  /** Bytes of the datum in the request body (as `datumBytes` measures it). */
  bytes: number;
}

/** Samples a datum stands for: the sum of its counts, which StatisticValues carries exactly. */
export function datumSamples(datum: MetricDatum): number {
  return datum.StatisticValues.SampleCount;
}

export interface Released {
  datums: number;
  samples: number;
}

export function summarise(held: readonly HeldDatum[]): Released {
  let samples = 0;
  for (const { datum } of held) samples += datumSamples(datum);
  return { datums: held.length, samples };
}

export class RetryBuffer {
  private held: HeldDatum[] = [];
  private heldBytes = 0;
  private heldSamples = 0;

  constructor(
    readonly maxDatums: number,
    readonly maxBytes: number,
  ) {}

  get datums(): number {
    return this.held.length;
  }

  get bytes(): number {
    return this.heldBytes;
  }

  get samples(): number {
    return this.heldSamples;
  }

  /** Appends (newest last), then returns the oldest datums dropped to get back within the bounds. */
  add(datums: readonly HeldDatum[]): HeldDatum[] {
    for (const item of datums) {
      this.held.push(item);
      this.heldBytes += item.bytes;
      this.heldSamples += datumSamples(item.datum);
    }
    let drop = 0;
    let bytes = this.heldBytes;
    while (drop < this.held.length && (this.held.length - drop > this.maxDatums || bytes > this.maxBytes)) {
      bytes -= (this.held[drop] as HeldDatum).bytes;
      drop++;
    }
    return drop === 0 ? [] : this.take(drop);
  }

  /** Removes and returns the datums whose timestamp is before `oldest` (epoch ms). */
  removeOlderThan(oldest: number): HeldDatum[] {
    const kept: HeldDatum[] = [];
    const removed: HeldDatum[] = [];
    for (const item of this.held) (item.datum.Timestamp.getTime() < oldest ? removed : kept).push(item);
    if (removed.length > 0) {
      this.held = [];
      this.heldBytes = 0;
      this.heldSamples = 0;
      this.add(kept);
    }
    return removed;
  }

  /** Removes and returns everything, oldest first. */
  takeAll(): HeldDatum[] {
    return this.take(this.held.length);
  }

  private take(count: number): HeldDatum[] {
    const taken = this.held.splice(0, count);
    for (const item of taken) {
      this.heldBytes -= item.bytes;
      this.heldSamples -= datumSamples(item.datum);
    }
    if (this.held.length === 0) {
      // Keep the sums exact: float subtraction could leave a residue.
      this.heldBytes = 0;
      this.heldSamples = 0;
    }
    return taken;
  }
}
