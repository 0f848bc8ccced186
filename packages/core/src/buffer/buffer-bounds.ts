/**
 * A MetricsBuffer's bounds on what it holds between flushes: metric keys, distinct values (rejected values
 * waiting for their report count as values) and the estimated bytes of the requests they would make.
 *
 * Reaching a bound queues an early flush. The flush drains the buffer when it starts, which is a later turn
 * of the event loop, or later still when it waits behind a flush that is slow: values that keep coming
 * meanwhile are held up to twice each bound, and past that the buffer is full and drops every record (and
 * counts it) until the flush empties it. So memory is bounded however fast values arrive.
 *
 * Each check costs O(1) per record: keys and their bytes are counted exactly as each new key appears;
 * distinct values are counted by walking every key, so only every `cadence` records, and a full buffer is
 * declared early enough that the records before the next count cannot carry it past twice the bound.
 */

/**
 * Request-body bytes estimated per buffered distinct value: up to 17 significant digits, a count and two
 * commas. Only used to decide an early flush; packing measures exactly.
 */
export const ESTIMATED_BYTES_PER_VALUE = 24;
/** Distinct values are counted every this many records at least (counting walks every buffered key). */
export const MIN_RECORDS_BETWEEN_VALUE_COUNTS = 256;
/** How far past a bound the buffer holds values that arrive before the early flush takes them. */
export const HARD_BOUND_FACTOR = 2;

export interface BufferLimits {
  maxBufferedKeys: number;
  maxBufferedValues: number;
  maxBufferedBytes: number;
}

/** What the buffer holds now, as the bounds read it. */
export interface BufferContents {
  /** Metric keys holding values: O(1). */
  keys(): number;
  /** Estimated bytes of those keys' datum shapes (name, dimensions, unit): O(1). */
  keyBytes(): number;
  /** Distinct values (or buckets) held: walks every key. */
  distinctValues(): number;
  /** Rejected values held for the next report: O(1). */
  rejectedValues(): number;
}

export class BufferBounds {
  /** True from when the buffer holds twice a bound until the next drain: every record is dropped. */
  full = false;
  /** Records left before distinct values are counted again; record() decrements it. */
  recordsUntilCount: number;
  /** Records between two counts: each may add one value, so values stay under `valuesAtCount + cadence`. */
  private cadence: number;
  private valuesAtCount = 0;

  constructor(
    private readonly limits: BufferLimits,
    private readonly contents: BufferContents,
    /** Queues an early flush (at most one at a time: the buffer keeps track). */
    private readonly flushEarly: () => void,
  ) {
    this.cadence = this.cadenceFor(0);
    this.recordsUntilCount = this.cadence;
  }

  /**
   * Before a key's first value since the drain: false (and the buffer full) when the key, with its estimated
   * shape bytes and the values that may come before the next count, would take the buffer past twice a bound.
   */
  admitsKey(shapeBytes: number): boolean {
    const { maxBufferedKeys, maxBufferedBytes } = this.limits;
    const reach = this.valuesAtCount + this.cadence;
    const bytes = this.contents.keyBytes() + shapeBytes + reach * ESTIMATED_BYTES_PER_VALUE;
    if (
      this.contents.keys() + 1 > HARD_BOUND_FACTOR * maxBufferedKeys ||
      bytes > HARD_BOUND_FACTOR * maxBufferedBytes
    ) {
      this.full = true;
    }
    return !this.full;
  }

  /** After a new key took its first value: flush early at the key or byte bound. */
  keyAdded(): void {
    const { maxBufferedKeys, maxBufferedBytes } = this.limits;
    if (this.contents.keys() >= maxBufferedKeys || this.contents.keyBytes() >= maxBufferedBytes) {
      this.flushEarly();
    }
  }

  /**
   * Counts distinct values (every `cadence` records): flush early at the value or byte bound; full when the
   * records until the next count could carry the buffer past twice a bound.
   */
  countValues(): void {
    const { maxBufferedValues, maxBufferedBytes } = this.limits;
    const distinct = this.contents.distinctValues();
    const values = distinct + this.contents.rejectedValues();
    const keyBytes = this.contents.keyBytes();
    this.cadence = this.cadenceFor(this.contents.keys());
    this.recordsUntilCount = this.cadence;
    this.valuesAtCount = values;
    if (values >= maxBufferedValues || keyBytes + distinct * ESTIMATED_BYTES_PER_VALUE >= maxBufferedBytes) {
      this.flushEarly();
    }
    const reach = values + this.cadence;
    if (
      reach > HARD_BOUND_FACTOR * maxBufferedValues ||
      keyBytes + reach * ESTIMATED_BYTES_PER_VALUE > HARD_BOUND_FACTOR * maxBufferedBytes
    ) {
      this.full = true;
    }
  }

  /** The buffer was drained: empty, and open again. */
  reset(): void {
    this.full = false;
    this.valuesAtCount = 0;
    this.cadence = this.cadenceFor(0);
    this.recordsUntilCount = this.cadence;
  }

  /**
   * Walking k keys every max(256, k) records costs O(1) a record. Never more records than the value bound,
   * so that one cadence cannot carry the buffer from under the bound to past twice it.
   */
  private cadenceFor(keys: number): number {
    return Math.max(
      1,
      Math.min(Math.max(MIN_RECORDS_BETWEEN_VALUE_COUNTS, keys), this.limits.maxBufferedValues),
    );
  }

  /** The estimate the byte bound reads, for stats(). */
  estimatedBytes(distinctValues: number): number {
    return this.contents.keyBytes() + distinctValues * ESTIMATED_BYTES_PER_VALUE;
  }
}
