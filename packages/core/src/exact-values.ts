/**
 * The exact store: every distinct value of one metric in one time bucket, with its count (what the CloudWatch
 * agent does). Values are appended as they come and sorted once, when reported: hashing each value into a
 * Map and sorting the distinct ones afterwards cost 2.3 times as much on 10,000 log-normal latencies. Small
 * non-negative integers (counts, status codes, millisecond latencies) are counted in a dense array instead,
 * which reports them in order without sorting; a store makes one only once it has seen enough of them, so
 * that a metric holding a handful of values never pays for it.
 */
import { MAX_VALUES_PER_DATUM } from './limits/constants.js';
import { doubles, sortNumbers } from './sort-numbers.js';
import { doublesOfLength, EMPTY_RUN, mergeRuns, runOf, runOfCounts, type ValueRun } from './value-runs.js';
import type { StoreEntries, ValueStore } from './value-stores.js';

/** Small non-negative integers below this bound can be counted in the dense array. */
export const DENSE_INTEGER_LIMIT = 4096;
/** Small integers a store takes before it counts them in a dense array. */
export const DENSE_AFTER = 32;
const MIN_DENSE_LENGTH = 64;
/** Values a store holds unsorted before it merges them into its run: bounds its memory when values repeat. */
export const MERGE_AT = 65_536;
/**
 * An emptied store keeps its pending array for the next bucket up to this many slots (32 KB): refilling a new
 * one by pushing allocated about twice its final size on every drain. A larger one is let go, so that the
 * stores an aggregator keeps for reuse hold little memory.
 */
const KEPT_PENDING_SLOTS = 4096;
/** An emptied dense array with fewer distinct values than 1/16 of its length is zeroed value by value. */
const SPARSE_DENSE_RATIO = 16;
const BITS_PER_WORD = 32;
/**
 * Entries of more than one datum's worth of values (and up to this many, 128 KiB a column) are written into
 * arrays lent for the drain instead of new ones: datumsFor copies them into datums of MAX_VALUES_PER_DATUM
 * anyway, and new ones each drain were 64 of the 144 bytes the mapped-events bench's aggregation allocated
 * per event. The drain reads one store's entries at a time, so one pair serves every store.
 */
const LENT_ENTRY_SLOTS = 16_384;
const lent = { values: doubles(), counts: [] as number[] };

const NO_BITS = new Uint32Array(0);

export class ExactValues implements ValueStore {
  /**
   * Values added with a count of 1, in arrival order: the first `pendingCount` slots of an array of doubles
   * (see sort-numbers.ts), kept from bucket to bucket (KEPT_PENDING_SLOTS).
   */
  private pending: number[] = doubles();
  private pendingCount = 0;
  /** Values added with another count. */
  private weighted: Map<number, number> | undefined;
  /** What earlier merges made of `pending` and `weighted`. */
  private merged: ValueRun = EMPTY_RUN;
  /** Counts of small integers by value, once DENSE_AFTER of them came; then it takes every small integer. */
  private dense: Float64Array | undefined;
  /**
   * Bit v is set when dense[v] is not 0, and `touchedCount` such values: the run is read off the bits in
   * order, 32 values a word. Sorting the values seen, or scanning every count, cost a sixth of cwagg's time at
   * batch 150 (about 140 distinct values in a dense array of 1,024).
   */
  private occupied: Uint32Array = NO_BITS;
  private touchedCount = 0;
  private smallIntegers = 0;

  add(value: number, count: number): void {
    // `value >>> 0 === value` holds for integers 0..2^32-1, and for -0 (counted as 0).
    const index = value >>> 0;
    if (index === value && index < DENSE_INTEGER_LIMIT) {
      const dense = this.dense;
      if (dense !== undefined && index < dense.length) {
        const previous = dense[index] as number;
        if (previous === 0) {
          setBit(this.occupied, index);
          this.touchedCount++;
        }
        dense[index] = previous + count;
        return;
      }
      if (dense !== undefined || ++this.smallIntegers >= DENSE_AFTER) {
        this.growDense(index);
        this.add(index, count);
        return;
      }
    }
    if (count === 1) {
      const n = this.pendingCount;
      this.pending[n] = value;
      this.pendingCount = n + 1;
      if (n + 1 >= MERGE_AT && n + 1 >= this.merged.values.length) this.consolidate();
      return;
    }
    let weighted = this.weighted;
    if (weighted === undefined) {
      weighted = new Map();
      this.weighted = weighted;
    }
    const previous = weighted.get(value);
    weighted.set(value, previous === undefined ? count : previous + count);
    if (weighted.size >= MERGE_AT && weighted.size >= this.merged.values.length) this.consolidate();
  }

  get size(): number {
    this.consolidate();
    return this.merged.values.length + this.touchedCount;
  }

  entries(): StoreEntries {
    if (this.merged === EMPTY_RUN && this.weighted === undefined) {
      // Values added one by one and nothing merged before: counted in the pass that merges in the dense counts.
      sortNumbers(this.pending, this.pendingCount);
      return this.withDenseCounts(this.pending, undefined, this.pendingCount);
    }
    this.consolidate();
    const { values, counts } = this.merged;
    return this.touchedCount === 0 ? { values, counts } : this.withDenseCounts(values, counts, values.length);
  }

  /** Empties the store, keeping its dense array for the values of the next bucket. */
  clear(): void {
    this.emptyPending();
    this.weighted = undefined;
    this.merged = EMPTY_RUN;
    const dense = this.dense;
    if (dense !== undefined) {
      const bits = this.occupied;
      if (this.touchedCount * SPARSE_DENSE_RATIO < dense.length) {
        // Only the counts of words with a bit set can be other than 0.
        for (let w = 0; w < bits.length; w++) {
          if (bits[w] !== 0) dense.fill(0, w * BITS_PER_WORD, (w + 1) * BITS_PER_WORD);
        }
      } else {
        dense.fill(0);
      }
      bits.fill(0);
    }
    this.touchedCount = 0;
    this.smallIntegers = 0;
  }

  /** Everything added, but the dense counts, as one run. */
  private consolidate(): void {
    if (this.pendingCount === 0 && this.weighted === undefined) return;
    let merged = mergeRuns(this.merged, runOf(this.pending, this.pendingCount));
    if (this.weighted !== undefined) merged = mergeRuns(merged, runOfCounts(this.weighted));
    this.merged = merged;
    this.emptyPending();
    this.weighted = undefined;
  }

  /** No value pending; the array is kept for the next ones unless it grew large. */
  private emptyPending(): void {
    if (this.pending.length > KEPT_PENDING_SLOTS) this.pending = doubles();
    this.pendingCount = 0;
  }

  /**
   * The sorted values[0, n) (each with its count, or counted where they repeat when `counts` is absent) and the
   * dense counts as one run, in one pass over both into one pair of arrays (lent ones, LENT_ENTRY_SLOTS): a run of each and their merge made
   * three pairs and three passes (a bucket of latencies to 0.1 ms holds both kinds).
   */
  private withDenseCounts(
    values: readonly number[],
    counts: readonly number[] | undefined,
    n: number,
  ): StoreEntries {
    const dense = this.dense as Float64Array;
    const bits = this.occupied;
    const most = n + this.touchedCount;
    const lend = most > MAX_VALUES_PER_DATUM && most <= LENT_ENTRY_SLOTS;
    if (lend && lent.values.length < most) {
      lent.values.length = most;
      lent.counts.length = most;
    }
    const outValues = lend ? lent.values : doublesOfLength(most);
    const outCounts = lend ? lent.counts : new Array<number>(most);
    let k = 0;
    let i = 0;
    let w = -1;
    let word = 0;
    let denseValue = Number.POSITIVE_INFINITY;
    for (;;) {
      if (denseValue === Number.POSITIVE_INFINITY) {
        // The next dense value: the lowest set bit left, word by word.
        while (word === 0 && w + 1 < bits.length) word = bits[++w] as number;
        if (word === 0 && i === n) break;
        if (word !== 0) {
          const lowest = word & -word;
          denseValue = w * BITS_PER_WORD + 31 - Math.clz32(lowest);
          word ^= lowest;
        }
      }
      const value = i < n ? (values[i] as number) : Number.POSITIVE_INFINITY;
      const next = Math.min(value, denseValue);
      let count = 0;
      // -0 === 0: both are counted as one value, reported as 0.
      while (i < n && values[i] === next) {
        count += counts === undefined ? 1 : (counts[i] as number);
        i++;
      }
      if (next === denseValue) {
        count += dense[next] as number;
        denseValue = Number.POSITIVE_INFINITY;
      }
      outValues[k] = next + 0;
      outCounts[k++] = count;
    }
    if (lend) return { values: outValues, counts: outCounts, length: k };
    if (k < most) {
      outValues.length = k;
      outCounts.length = k;
    }
    return { values: outValues, counts: outCounts };
  }

  /**
   * Makes the dense array hold `index`. The first time, the small integers already held elsewhere move into
   * it, so that a value is never in two places.
   */
  private growDense(index: number): void {
    const old = this.dense;
    let largest = index;
    if (old === undefined) {
      this.consolidate();
      for (const value of this.merged.values) if (isSmallInteger(value) && value > largest) largest = value;
    }
    let length = Math.max(MIN_DENSE_LENGTH, old?.length ?? 0);
    while (length <= largest) length *= 2;
    const dense = new Float64Array(Math.min(length, DENSE_INTEGER_LIMIT));
    this.dense = dense;
    const bits = new Uint32Array(dense.length / BITS_PER_WORD);
    bits.set(this.occupied);
    this.occupied = bits;
    if (old !== undefined) {
      dense.set(old);
      return;
    }
    const { values, counts } = this.merged;
    const rest: ValueRun = { values: [], counts: [] };
    for (let i = 0; i < values.length; i++) {
      const value = values[i] as number;
      if (isSmallInteger(value)) {
        dense[value] = counts[i] as number;
        setBit(bits, value);
        this.touchedCount++;
      } else {
        rest.values.push(value);
        rest.counts.push(counts[i] as number);
      }
    }
    this.merged = rest.values.length === 0 ? EMPTY_RUN : rest;
  }
}

function setBit(bits: Uint32Array, value: number): void {
  bits[value >>> 5] = (bits[value >>> 5] as number) | (1 << (value & 31));
}

function isSmallInteger(value: number): boolean {
  return value >>> 0 === value && value < DENSE_INTEGER_LIMIT;
}
