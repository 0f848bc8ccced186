/** The partial-batch response Lambda reads: each sequence number listed once, never an empty one. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchResponse } from '../src/index.js';

describe('batchResponse', () => {
  it('lists every non-empty sequence number once, in the order first given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<string>('', '1', '2', '3', '49620000000000000000001')),
        (sequenceNumbers) => {
          const listed = batchResponse(sequenceNumbers).batchItemFailures.map(
            (failure) => failure.itemIdentifier,
          );
          expect(listed).not.toContain('');
          expect(new Set(listed).size).toBe(listed.length);
          expect(new Set(listed)).toEqual(
            new Set(sequenceNumbers.filter((sequenceNumber) => sequenceNumber !== '')),
          );
          // In the order of first appearance.
          const positions = listed.map((sequenceNumber) => sequenceNumbers.indexOf(sequenceNumber));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('is an empty list when everything was stored: Lambda then checkpoints the whole batch', () => {
    expect(batchResponse([])).toEqual({ batchItemFailures: [] });
    // An empty identifier would make Lambda retry the whole batch: it is left out.
    expect(batchResponse([''])).toEqual({ batchItemFailures: [] });
    expect(batchResponse(['7', '7'])).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
  });
});
