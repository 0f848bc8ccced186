/**
 * Sorting numbers in place, ascending: what a drain does to every distinct value it reports. V8's
 * `Array.prototype.sort` needs a comparator for numbers (a call per comparison) and its typed-array sort boxes
 * every element: sorting 10,000 latencies with either took 110 to 180 ns per value on the project's 2-core
 * machine, this 25 to 50. Its callers give it arrays made by `doubles()` only: given arrays of small integers
 * and of doubles alike, the compiled sort read both kinds of element and boxed every double it moved (a
 * fifth of what the mapped-events bench allocated). A Float64Array avoids that too, but a store holding a
 * few values then paid for an off-heap buffer (1,000 metrics x 10 values: about 1.5x slower).
 *
 * Many values are first spread into buckets by their bits (sortByBuckets); a few values, and each bucket, go
 * to an introsort: quicksort with a median-of-three pivot and Hoare's partition, insertion sort for short
 * ranges, heapsort when the recursion goes too deep, so that no input takes more than n log n steps.
 *
 * NaN is never sorted here (the stores refuse it before); -0 and 0 compare equal, in either order.
 */

/**
 * An empty array that V8 keeps as unboxed doubles whatever is pushed later, small integers included: made
 * from a double literal, and an array's kind of element never goes back.
 */
export function doubles(): number[] {
  const array = [0.5];
  array.pop();
  return array;
}

/** Ranges this short are insertion-sorted: fewer moves than partitioning them. */
const INSERTION_SORT_MAX = 16;

function insertionSort(a: number[], from: number, to: number): void {
  for (let i = from + 1; i <= to; i++) {
    const value = a[i] as number;
    let j = i - 1;
    while (j >= from && (a[j] as number) > value) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = value;
  }
}

function siftDown(a: number[], from: number, root: number, size: number): void {
  const value = a[from + root] as number;
  for (;;) {
    let child = 2 * root + 1;
    if (child >= size) break;
    if (child + 1 < size && (a[from + child + 1] as number) > (a[from + child] as number)) child++;
    if ((a[from + child] as number) <= value) break;
    a[from + root] = a[from + child] as number;
    root = child;
  }
  a[from + root] = value;
}

function heapSort(a: number[], from: number, to: number): void {
  const size = to - from + 1;
  for (let root = (size >> 1) - 1; root >= 0; root--) siftDown(a, from, root, size);
  for (let end = size - 1; end > 0; end--) {
    const top = a[from] as number;
    a[from] = a[from + end] as number;
    a[from + end] = top;
    siftDown(a, from, 0, end);
  }
}

function medianOfThree(x: number, y: number, z: number): number {
  if (x < y) return y < z ? y : Math.max(x, z);
  return x < z ? x : Math.max(y, z);
}

function introSort(a: number[], from: number, to: number, depth: number): void {
  while (to - from > INSERTION_SORT_MAX) {
    if (depth === 0) {
      heapSort(a, from, to);
      return;
    }
    depth--;
    const pivot = medianOfThree(a[from] as number, a[(from + to) >>> 1] as number, a[to] as number);
    // Hoare's partition: both scans stop at values equal to the pivot, so runs of equal values split evenly.
    // Against a three-way partition it moved far fewer values: 1,250 log-normal latencies to 0.1 ms took 10.5
    // instead of 18.9 ns a value, already sorted ones 7.7 instead of 29.6 (heavy repeats: 9.1 against 3.1).
    let i = from;
    let j = to;
    for (;;) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i >= j) break;
      const value = a[i] as number;
      a[i++] = a[j] as number;
      a[j--] = value;
    }
    // [from, j] holds no value above the pivot and (j, to] none below. Recurse into the smaller side, loop on
    // the larger: the stack stays logarithmic.
    if (j - from < to - j) {
      introSort(a, from, j, depth);
      from = j + 1;
    } else {
      introSort(a, j + 1, to, depth);
      to = j;
    }
  }
  insertionSort(a, from, to);
}

function depthLimitFor(length: number): number {
  return 2 * Math.floor(Math.log2(length));
}

/**
 * From this many values on, sortNumbers spreads them into buckets first. Measured on the project's 2-core
 * machine, 40 fresh arrays of log-normal latencies to 0.1 ms at a time (ns a value, introsort against buckets):
 * 128 values, 7 to 10 against 11; 160, 14 to 20 against about 11; 300, 35 against 11; 1,250, 48 against 14;
 * 10,000, 61 against 12. The introsort's cost is its mispredicted branches, one in two comparisons.
 */
const BUCKET_SORT_MIN = 160;
/** Scratch for this many values is kept from call to call (256 KB); a longer sort makes its own. */
const KEPT_SCRATCH_VALUES = 16_384;

/** A double's upper 32 bits (sign, exponent, top of the mantissa), read through a shared word. */
const WORD = new Float64Array(1);
const WORD_HALVES = new Uint32Array(WORD.buffer);
const UPPER_HALF = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1 ? 1 : 0;
const SIGN_BIT = 0x80000000;

let keptKeys = new Uint32Array(0);
let keptSpread = new Float64Array(0);
let keptCounts = new Int32Array(0);

/**
 * Sorts `a[0..length)` by buckets: each value goes to the bucket of its upper 32 bits, turned into a key that
 * orders as the numbers do (about one bucket per value, over the range of keys present), then each bucket is
 * sorted where it lands, insertion sort for a few values, the introsort for more. Values sharing their upper
 * bits share a bucket, so no input costs more than the introsort and a few linear passes.
 */
export function sortByBuckets(a: number[], length: number): void {
  if (length < 2) return;
  const kept = length <= KEPT_SCRATCH_VALUES;
  if (kept && keptKeys.length < length) {
    keptKeys = new Uint32Array(Math.min(KEPT_SCRATCH_VALUES, 2 * length));
    keptSpread = new Float64Array(keptKeys.length);
    keptCounts = new Int32Array(keptKeys.length + 1);
  }
  const keys = kept ? keptKeys : new Uint32Array(length);
  const spread = kept ? keptSpread : new Float64Array(length);
  let min = 0xffffffff;
  let max = 0;
  for (let i = 0; i < length; i++) {
    WORD[0] = a[i] as number;
    const upper = WORD_HALVES[UPPER_HALF] as number;
    // Negative numbers order backwards by their bits: flipped, they sort below every positive one.
    const key = (upper & SIGN_BIT) !== 0 ? ~upper >>> 0 : (upper | SIGN_BIT) >>> 0;
    keys[i] = key;
    if (key < min) min = key;
    if (key > max) max = key;
  }
  let buckets = 1;
  while (buckets * 2 <= length) buckets *= 2;
  let shift = 0;
  while ((max - min) >>> shift >= buckets) shift++;
  const bucketCount = ((max - min) >>> shift) + 1;
  const ends = kept && bucketCount < keptCounts.length ? keptCounts : new Int32Array(bucketCount + 1);
  ends.fill(0, 0, bucketCount + 1);
  for (let i = 0; i < length; i++) {
    const next = (((keys[i] as number) - min) >>> shift) + 1;
    ends[next] = (ends[next] as number) + 1;
  }
  for (let b = 1; b <= bucketCount; b++) ends[b] = (ends[b] as number) + (ends[b - 1] as number);
  // ends[b] is where bucket b starts; it ends where it started once its values are in.
  for (let i = 0; i < length; i++) {
    const b = ((keys[i] as number) - min) >>> shift;
    const at = ends[b] as number;
    spread[at] = a[i] as number;
    ends[b] = at + 1;
  }
  for (let i = 0; i < length; i++) a[i] = spread[i] as number;
  let start = 0;
  for (let b = 0; b < bucketCount; b++) {
    const end = ends[b] as number;
    const size = end - start;
    if (size > INSERTION_SORT_MAX) introSort(a, start, end - 1, depthLimitFor(size));
    else if (size > 1) insertionSort(a, start, end - 1);
    start = end;
  }
}

/**
 * Sorts `a[0..length)` ascending, in place. `depthLimit` (partitions before heapsort takes over) is
 * 2 log2(length) unless given: the tests give 0 to hold the heapsort to the same answer, which also keeps
 * the values out of buckets.
 */
export function sortNumbers(a: number[], length = a.length, depthLimit = depthLimitFor(length)): void {
  if (length < 2) return;
  if (length >= BUCKET_SORT_MIN && depthLimit > 0) sortByBuckets(a, length);
  else introSort(a, 0, length - 1, depthLimit);
}
