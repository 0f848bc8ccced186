import { getHeapSpaceStatistics } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { allocatedDuring, PeakRss, touchYoungGeneration, youngGenerationBytes } from '../src/memory.js';

describe('touchYoungGeneration', () => {
  it('allocates at least twice the young generation, so both semi-spaces are written', async () => {
    const size = youngGenerationBytes();
    // Read from V8 itself, not the fallback.
    expect(
      getHeapSpaceStatistics().some((space) => space.space_name === 'new_space' && space.space_size === size),
    ).toBe(true);
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
