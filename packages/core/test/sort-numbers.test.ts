/** The drain's sort against the reference sort, on the inputs that trip sorts up. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sortByBuckets, sortNumbers } from '../src/sort-numbers.js';

/** Duplicates, signed zeros, extremes, subnormals, and plain values. */
const aNumber = fc.oneof(
  fc.constantFrom(
    -0,
    0,
    1,
    -1,
    Number.MIN_VALUE,
    -Number.MIN_VALUE,
    2 ** 360,
    -(2 ** 360),
    0.1,
    0.2,
    0.30000000000000004,
  ),
  fc.integer({ min: -5, max: 5 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  // Neighbours that share their upper 32 bits, so share a bucket: 1 and -1 apart in the last bits of the mantissa.
  fc.integer({ min: 0, max: 2 ** 20 }).map((k) => 1 + k * 2 ** -52),
  fc.integer({ min: 0, max: 2 ** 20 }).map((k) => -1 - k * 2 ** -52),
);

/** Sorted, reversed, all equal, organ-pipe and sawtooth orders: where pivot choices go wrong. */
const anOrder = fc.constantFrom('random', 'sorted', 'reversed', 'equal', 'organ', 'saw');

function arrange(values: number[], order: string): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  switch (order) {
    case 'sorted':
      return sorted;
    case 'reversed':
      return sorted.reverse();
    case 'equal':
      return values.map(() => values[0] ?? 0);
    case 'organ':
      return [...sorted.filter((_, i) => i % 2 === 0), ...sorted.filter((_, i) => i % 2 === 1).reverse()];
    case 'saw':
      return values.map((_, i) => sorted[i % 7] ?? 0);
    default:
      return values;
  }
}

/** Compared by value, -0 and 0 alike: the sort keeps them in any order, the stores count them as one. */
const plain = (values: number[]) => values.map((value) => value + 0);

describe('sortNumbers', () => {
  it('sorts like Array.prototype.sort with a numeric comparator, whatever the order and the duplicates', () => {
    fc.assert(
      fc.property(fc.array(aNumber, { maxLength: 600 }), anOrder, (values, order) => {
        const input = arrange(values, order);
        const ours = [...input];
        sortNumbers(ours);
        expect(plain(ours)).toEqual(plain([...input].sort((a, b) => a - b)));
      }),
      { numRuns: 300 },
    );
  });

  it('sorts by buckets like the reference sort, at any length and whatever the values share', () => {
    fc.assert(
      fc.property(fc.array(aNumber, { maxLength: 700 }), anOrder, fc.nat(), (values, order, cut) => {
        const input = arrange(values, order);
        const length = input.length === 0 ? 0 : cut % (input.length + 1);
        const ours = [...input];
        sortByBuckets(ours, length);
        expect(plain(ours.slice(0, length))).toEqual(plain(input.slice(0, length).sort((a, b) => a - b)));
        expect(ours.slice(length)).toEqual(input.slice(length));
      }),
      { numRuns: 400 },
    );
  });

  it('sorts more values than its kept scratch holds, and then fewer again', () => {
    for (const length of [40_000, 600]) {
      const input = Array.from({ length }, (_, i) => ((i * 7919) % length) / 8 - length / 16);
      const ours = [...input];
      sortNumbers(ours);
      expect(ours).toEqual([...input].sort((a, b) => a - b));
    }
  });

  it('sorts only the prefix it is given, and by heapsort alone as well', () => {
    fc.assert(
      fc.property(fc.array(aNumber, { maxLength: 300 }), fc.nat(), anOrder, (values, cut, order) => {
        const input = arrange(values, order);
        const length = input.length === 0 ? 0 : cut % (input.length + 1);
        const ours = [...input];
        sortNumbers(ours, length);
        expect(plain(ours.slice(0, length))).toEqual(plain(input.slice(0, length).sort((a, b) => a - b)));
        expect(ours.slice(length)).toEqual(input.slice(length));
        const byHeap = [...input];
        sortNumbers(byHeap, byHeap.length, 0);
        expect(plain(byHeap)).toEqual(plain([...input].sort((a, b) => a - b)));
      }),
      { numRuns: 200 },
    );
  });
});
