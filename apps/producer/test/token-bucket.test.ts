import { describe, expect, it } from 'vitest';
import { burstFor, TokenBucket } from '../src/token-bucket.js';

describe('TokenBucket', () => {
  it('lets through the burst, then the rate, never more', () => {
    const bucket = new TokenBucket(100, 10, 0);
    let taken = 0;
    // 2 simulated seconds in 1 ms steps, taking greedily.
    for (let t = 0; t <= 2000; t += 1) {
      while (bucket.tryTake(t)) taken += 1;
    }
    expect(taken).toBe(10 + 200);
  });

  it('says how long until the next token', () => {
    const bucket = new TokenBucket(4, 1, 0);
    expect(bucket.tryTake(0)).toBe(true);
    expect(bucket.msUntilNext(0)).toBe(250);
    expect(bucket.msUntilNext(100)).toBe(150);
    expect(bucket.tryTake(249)).toBe(false);
    expect(bucket.tryTake(250)).toBe(true);
  });

  it('bursts a tenth of a second, within one PutRecords call', () => {
    expect(burstFor(5, 500)).toBe(1);
    expect(burstFor(1000, 500)).toBe(100);
    expect(burstFor(100_000, 500)).toBe(500);
  });
});
