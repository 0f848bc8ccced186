import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { allocatedDuring, PeakRss, touchYoungGeneration } from '../src/memory.js';

const youngGenerationBytes = () =>
  getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0;

describe('touchYoungGeneration', () => {
  it('allocates at least twice the young generation, so both semi-spaces are written', async () => {
    const size = youngGenerationBytes();
    expect(size).toBeGreaterThan(0);
    let written = 0;
    const { jsBytes } = await allocatedDuring(async () => {
      written = touchYoungGeneration();
    });
    expect(written).toBeGreaterThanOrEqual(2 * size);
    // What the heap saw allocated, not only what the function says it wrote.
    expect(jsBytes).toBeGreaterThanOrEqual(2 * size);
  });
});

describe('PeakRss', () => {
  it('counts memory touched after start', () => {
    const rss = new PeakRss();
    rss.start();
    const before = rss.added();
    const block = Buffer.alloc(64 * 1024 * 1024, 1);
    const after = rss.added();
    expect(block[block.length - 1]).toBe(1);
    expect(after - before).toBeGreaterThanOrEqual(60 * 1024 * 1024);
  });
});
