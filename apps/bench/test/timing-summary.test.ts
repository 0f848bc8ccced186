import { describe, expect, it } from 'vitest';
import { middleHalf, pairedRatios, summarize } from '../src/timing-summary.js';

describe('a timing summary', () => {
  it('is the median with min and max, whatever the order of the samples', () => {
    expect(summarize([30, 10, 20])).toEqual({ median: 20, min: 10, max: 30, samples: 3 });
    expect(summarize([4, 1, 3, 2])).toEqual({ median: 2.5, min: 1, max: 4, samples: 4 });
    expect(summarize([7])).toEqual({ median: 7, min: 7, max: 7, samples: 1 });
  });

  it('leaves the samples it was given as they were', () => {
    const samples = [3, 1, 2];
    summarize(samples);
    expect(samples).toEqual([3, 1, 2]);
  });

  it('refuses to summarise nothing rather than report zeros', () => {
    expect(() => summarize([])).toThrow('no samples to summarize');
  });

  it('pairs two series round by round, as far as both go', () => {
    expect(pairedRatios([110, 60, 90], [100, 50])).toEqual([1.1, 1.2]);
    expect(pairedRatios([], [1])).toEqual([]);
  });

  it('takes the middle half between the quartiles, which one outlier does not move', () => {
    expect(middleHalf([8, 1, 7, 2, 6, 3, 5, 4])).toEqual({ low: 2, high: 6 });
    expect(middleHalf([5])).toEqual({ low: 5, high: 5 });
    expect(middleHalf([1, 2, 3, 4, 1000])).toEqual({ low: 2, high: 4 });
    expect(() => middleHalf([])).toThrow('no samples');
  });
});
