import { describe, expect, it } from 'vitest';
import { summarize } from '../src/timing-summary.js';

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
});
