import { describe, expect, it } from 'vitest';
import { costFigures } from '../src/cost-figures.js';
import type { CostEntry } from '../src/measure.js';
import { BYTES_PER_GB } from '../src/options.js';

const entry: CostEntry = {
  records: 20_000,
  requests: { requests: 2, plainBytes: 3_000, gzipBytes: 1_000, sentBytes: 1_500 },
  logLines: 40,
  logBytes: 8_000,
  statistics: {
    'Latency /a': { SampleCount: 15_000, Sum: 30_000, Minimum: 1, Maximum: 9 },
    'Latency /b': { SampleCount: 5_000, Sum: 50_000, Minimum: 2, Maximum: 20 },
  },
};

describe('cost per million records', () => {
  it('scales what one pass counted to a million records', () => {
    const figures = costFigures(entry, { pricePer1000RequestsUsd: 0.01, logPricePerGbUsd: 0.5 });
    expect(figures).toMatchObject({
      recordsSampled: 20_000,
      calls: 100,
      plainBytes: 150_000,
      gzipBytes: 50_000,
      sentBytes: 75_000,
      logBytes: 400_000,
      logLines: 2_000,
    });
    expect(figures.statistics).toEqual({ SampleCount: 20_000, Sum: 80_000, Minimum: 1, Maximum: 20 });
  });

  it('prices requests per thousand and log bytes per GB, and adds them up', () => {
    const figures = costFigures(entry, { pricePer1000RequestsUsd: 0.01, logPricePerGbUsd: 0.5 });
    expect(figures.apiUsd).toBeCloseTo(0.001, 12);
    expect(figures.logUsd).toBeCloseTo((400_000 / BYTES_PER_GB) * 0.5, 12);
    expect(figures.totalUsd).toBeCloseTo(figures.apiUsd + figures.logUsd, 12);
    expect(costFigures(entry, { pricePer1000RequestsUsd: 0, logPricePerGbUsd: 0 }).totalUsd).toBe(0);
  });
});
