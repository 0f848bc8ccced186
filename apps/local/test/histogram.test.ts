import { describe, expect, it } from 'vitest';
import { histogramOf } from '../src/index.js';

describe('the histogram of the values sent', () => {
  it('splits [min, max] into equal bins, the maximum in the last one, every count kept', () => {
    const values = new Map([
      [0, 5],
      [2.4, 1],
      [2.5, 2],
      [9.99, 1],
      [10, 3],
    ]);
    const bins = histogramOf(values, 4);
    expect(bins.map(({ from, to }) => [from, to])).toEqual([
      [0, 2.5],
      [2.5, 5],
      [5, 7.5],
      [7.5, 10],
    ]);
    expect(bins.map((bin) => bin.count)).toEqual([6, 2, 0, 4]);
  });

  it('is one bin when every value is the same, and empty without values', () => {
    expect(histogramOf(new Map([[7, 4]]))).toEqual([{ from: 7, to: 7, count: 4 }]);
    expect(histogramOf(new Map())).toEqual([]);
  });

  it('has 40 bins unless told otherwise', () => {
    expect(
      histogramOf(
        new Map([
          [1, 1],
          [2, 1],
        ]),
      ),
    ).toHaveLength(40);
  });
});
