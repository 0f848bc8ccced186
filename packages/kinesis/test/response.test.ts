/** The partial-batch response Lambda reads, and where a failed batch resumes. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { batchResponse, retryPoint } from '../src/index.js';

describe('batchResponse', () => {
  it('lists every non-empty sequence number once, in the order first given', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom<string>('', '1', '2', '3', '49620000000000000000001')),
        (sequenceNumbers) => {
          const listed = batchResponse(sequenceNumbers).batchItemFailures.map(
            (failure) => failure.itemIdentifier,
          );
          const named = sequenceNumbers.filter((sequenceNumber) => sequenceNumber !== '');
          if (named.length === 0) return; // the whole-batch case, below
          expect(listed).not.toContain('');
          expect(new Set(listed).size).toBe(listed.length);
          expect(new Set(listed)).toEqual(new Set(named));
          // In the order of first appearance.
          const positions = listed.map((sequenceNumber) => sequenceNumbers.indexOf(sequenceNumber));
          expect(positions).toEqual([...positions].sort((a, b) => a - b));
        },
      ),
    );
  });

  it('is an empty list only when nothing failed: Lambda then checkpoints the whole batch', () => {
    expect(batchResponse([])).toEqual({ batchItemFailures: [] });
    expect(batchResponse(['7', '7'])).toEqual({ batchItemFailures: [{ itemIdentifier: '7' }] });
  });

  it('never turns a failure into success: with nothing to name, Lambda is told to retry the whole batch', () => {
    // An empty identifier is Lambda's "the entire batch failed"; dropping it used to answer success.
    expect(batchResponse([''])).toEqual({ batchItemFailures: [{ itemIdentifier: '' }] });
    expect(batchResponse(['', ''])).toEqual({ batchItemFailures: [{ itemIdentifier: '' }] });
  });
});

describe('retryPoint', () => {
  const of = (numbers: readonly string[]) => (r: number) => numbers[r] ?? '';

  it('is the failed record itself when it has a sequence number', () => {
    expect(retryPoint(of(['1', '2', '3']), 3, 1)).toBe('2');
  });

  it('skips forward over records without one (they hold no value), else falls back to the batch start', () => {
    expect(retryPoint(of(['1', '', '', '4']), 4, 1)).toBe('4');
    expect(retryPoint(of(['1', '2', '', '']), 4, 2)).toBe('1');
    expect(retryPoint(of(['', '', '']), 3, 1)).toBe('');
  });

  it('never names a record after an unsent record that has a sequence number (that would lose it)', () => {
    fc.assert(
      fc.property(fc.array(fc.boolean(), { minLength: 1, maxLength: 30 }), fc.nat(), (hasNumber, seed) => {
        const numbers = hasNumber.map((has, r) => (has ? String(r + 1) : ''));
        const failed = seed % numbers.length;
        const point = retryPoint(of(numbers), numbers.length, failed);
        const firstUnsentNamed = numbers.slice(failed).find((n) => n !== '');
        if (firstUnsentNamed !== undefined) expect(point).toBe(firstUnsentNamed);
        else expect(point).toBe(numbers.find((n) => n !== '') ?? '');
      }),
    );
  });
});
