/** One contender's figures from its processes: every sample pooled, and how steady the shakiest process was. */
import { describe, expect, it } from 'vitest';
import type { MeasureResult } from '../src/measure.js';
import { contenderFigures } from '../src/run.js';

const run = (nsPerRecord: number[], peakRssAddedBytes = 1_000, retainedBytes = 0): MeasureResult => ({
  mode: 'measure',
  recordsPerRepetition: 10_000,
  nsPerRecord,
  wallNsPerRecord: nsPerRecord,
  everyPassNsPerRecord: nsPerRecord.map((ns) => ns * 2),
  heapBytesPerRecord: [8],
  arrayBufferBytesPerRecord: [0],
  peakRssAddedBytes,
  retainedBytes,
});

describe('contenderFigures', () => {
  it('pools every repetition of every process into the CPU figure', () => {
    const figures = contenderFigures([run([100, 110, 120]), run([200, 210, 220])]);
    expect(figures.nsPerRecord).toEqual({ median: 160, min: 100, max: 220, samples: 6 });
  });

  it("takes the shakiest process's own spread: a slow process does not make a steady one look shaky", () => {
    // Each process within 20% of its median; the two apart by a factor of two.
    const figures = contenderFigures([run([100, 110, 120]), run([200, 220, 240])]);
    expect(figures.processSpread).toBeCloseTo(40 / 220, 10);
    expect(figures.processNsPerRecord).toEqual([110, 220]);
    const pooled = (figures.nsPerRecord.max - figures.nsPerRecord.min) / figures.nsPerRecord.median;
    expect(pooled).toBeGreaterThan(0.8);
    expect(contenderFigures([run([100, 100, 100]), run([100, 150, 200])]).processSpread).toBeCloseTo(
      100 / 150,
      10,
    );
  });

  it('keeps the largest retained heap and each process peak RSS', () => {
    const figures = contenderFigures([run([1], 3_000, 5), run([1], 1_000, 9)]);
    expect(figures.retainedBytes).toBe(9);
    expect(figures.peakRssAddedBytes).toMatchObject({ min: 1_000, max: 3_000, samples: 2 });
  });
});
