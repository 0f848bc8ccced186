/** Runs on their own: made from values in any order or from counts, and merged, against a Map as reference. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeRuns, runOf, runOfCounts, type ValueRun } from '../src/value-runs.js';

const aValue = fc.oneof(
  fc.constantFrom(-0, 0, 1, -1, 0.1, 2 ** 53, -(2 ** 360), Number.MIN_VALUE),
  fc.integer({ min: -3, max: 3 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
);

function reference(pairs: readonly (readonly [number, number])[]): ValueRun {
  const counts = new Map<number, number>();
  for (const [value, count] of pairs) counts.set(value + 0, (counts.get(value + 0) ?? 0) + count);
  const values = [...counts.keys()].sort((a, b) => a - b);
  return { values, counts: values.map((value) => counts.get(value) as number) };
}

describe('value runs', () => {
  it('runOf and runOfCounts count each value once, ascending, -0 as 0', () => {
    fc.assert(
      fc.property(fc.array(aValue, { maxLength: 200 }), (values) => {
        const run = runOf([...values]);
        expect(run).toEqual(reference(values.map((value) => [value, 1] as const)));
        for (const value of run.values) expect(Object.is(value, -0)).toBe(false);
        const counts = new Map<number, number>();
        for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 2);
        expect(runOfCounts(counts)).toEqual(reference(values.map((value) => [value, 2] as const)));
      }),
    );
  });

  it('runOf reads only the first n values it is given, and leaves the rest of the array alone', () => {
    fc.assert(
      fc.property(
        fc.array(aValue, { maxLength: 100 }),
        fc.array(aValue, { maxLength: 20 }),
        (values, rest) => {
          const scratch = [...values, ...rest];
          expect(runOf(scratch, values.length)).toEqual(
            reference(values.map((value) => [value, 1] as const)),
          );
          expect(scratch.slice(values.length)).toEqual(rest);
        },
      ),
    );
  });

  it('mergeRuns adds the counts of values in both, and changes neither input', () => {
    fc.assert(
      fc.property(fc.array(aValue, { maxLength: 100 }), fc.array(aValue, { maxLength: 100 }), (xs, ys) => {
        const a = runOf([...xs]);
        const b = runOf([...ys]);
        const before = [structuredClone(a), structuredClone(b)];
        const merged = mergeRuns(a, b);
        expect(merged).toEqual(reference([...xs, ...ys].map((value) => [value, 1] as const)));
        expect([a, b]).toEqual(before);
      }),
    );
  });
});
