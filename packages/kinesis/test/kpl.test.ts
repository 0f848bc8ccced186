import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deaggregate, isKplAggregate, KPL_MAGIC } from '../src/index.js';
import { kplAggregates } from './support/fixtures.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

describe('KPL deaggregation', () => {
  it('reads back what the maintained aws-kinesis-agg package aggregates', async () => {
    const groups = [['1'], ['12', ' 7 ', '-3.5'], Array.from({ length: 500 }, (_, i) => String(i * 3))];
    const aggregates = await kplAggregates(groups);
    aggregates.forEach((bytes, g) => {
      expect(isKplAggregate(bytes)).toBe(true);
      const outcome = deaggregate(bytes);
      expect(outcome.reason).toBeUndefined();
      expect(outcome.records?.map(text)).toEqual(groups[g]);
    });
  });

  it('turns every truncation and every flipped byte into a reason, never a throw', async () => {
    const [bytes] = await kplAggregates([['10', '20', '30', '40']]);
    if (!bytes) throw new Error('no aggregate');
    for (let length = 0; length < bytes.length; length++) {
      const outcome = deaggregate(bytes.subarray(0, length));
      if (length < 4) expect(outcome.reason).toMatch(/magic bytes missing/);
      else expect(outcome.reason).toMatch(/truncated|checksum/);
    }
    for (let at = 4; at < bytes.length; at++) {
      const corrupted = Uint8Array.from(bytes);
      corrupted[at] = (corrupted[at] as number) ^ 0x40;
      expect(deaggregate(corrupted).reason).toMatch(/checksum/);
    }
  });

  it('rejects malformed protobuf even when its checksum is right', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 200 }), (message) => {
        const checksum = createHash('md5').update(message).digest();
        const bytes = Buffer.concat([KPL_MAGIC, message, checksum]);
        const outcome = deaggregate(bytes);
        // Random bytes almost never form valid records; whichever way, the answer is well-formed.
        if (outcome.reason === undefined) expect(outcome.records.length).toBeGreaterThan(0);
        else expect(outcome.reason).toMatch(/KPL aggregate/);
      }),
      { numRuns: 2000 },
    );
    const empty = Buffer.concat([KPL_MAGIC, createHash('md5').update(Buffer.alloc(0)).digest()]);
    expect(deaggregate(empty).reason).toMatch(/holds no records/);
  });
});
