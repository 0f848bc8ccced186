/** Dimension values by id: the same id for the same text, named by bytes, by text or by number. */
import { CardinalityScope, compileDirective } from '@cwagg/core/mapping';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DimensionValues, OVERFLOW_INDEX } from '../../src/mapping/dimension-values.js';

const compiled = compileDirective(
  { Dimensions: [['status']], Metrics: [{ Name: 'v' }], DimensionOptions: { status: { MaxValues: 3 } } },
  { namespace: 'N' },
);
const status = compiled.dimensions[0] as (typeof compiled.dimensions)[0];
const bytes = (text: string) => new TextEncoder().encode(`xx${text}yy`);

describe('DimensionValues', () => {
  it('gives one id to a text whether it comes as bytes, text or a number', () => {
    const values = new DimensionValues(status, 'N');
    const fromBytes = values.idOfBytes(bytes('200'), 2, 5);
    expect(values.idOfText('200')).toBe(fromBytes);
    expect(values.idOfNumber(200)).toBe(fromBytes);
    expect(values.idOfNumber(-0)).toBe(values.idOfText('0'));
    expect(values.idOfBytes(bytes('404'), 2, 5)).not.toBe(fromBytes);
    expect(values.texts).toEqual(['200', '0', '404']);
  });

  it('gives each text one id by its bytes, however many texts share a slot of the values met last', () => {
    // A thousand texts in 256 slots: most lookups meet another text in their slot, or the same text again.
    const texts = fc.array(
      fc.integer({ min: 0, max: 999 }).map((n) => `/route/${n}`),
      { minLength: 1, maxLength: 3000, size: 'max' },
    );
    fc.assert(
      fc.property(texts, fc.nat({ max: 3000 }), (sequence, resetAt) => {
        const byBytes = new DimensionValues(status, 'N');
        const byText = new DimensionValues(status, 'N');
        sequence.forEach((text, i) => {
          if (i === resetAt) {
            byBytes.reset();
            byText.reset();
          }
          const encoded = bytes(text);
          expect(byBytes.idOfBytes(encoded, 2, encoded.length - 2)).toBe(byText.idOfText(text));
        });
        expect(byBytes.texts).toEqual(byText.texts);
      }),
      { numRuns: 30 },
    );
  });

  it('keeps the reason CloudWatch would refuse a value, once per value', () => {
    const values = new DimensionValues(status, 'N');
    expect(values.problems[values.idOfText('   ')]).toBe(
      'dimension "status" value "   " must be printable ASCII with a non-whitespace character',
    );
    expect(values.problems[values.idOfText('ok')]).toBeUndefined();
  });

  it('asks the guard once per value, in the order values are published, and forgets everything on reset', () => {
    const values = new DimensionValues(status, 'N');
    const scope = new CardinalityScope();
    const [a, b, c] = ['a', 'b', 'c'].map((text) => values.idOfText(text)) as [number, number, number];
    expect([values.keptIndex(c, scope), values.keptIndex(a, scope), values.keptIndex(b, scope)]).toEqual([
      0,
      1,
      OVERFLOW_INDEX,
    ]);
    expect(values.keptIndex(c, scope)).toBe(0);
    values.reset();
    expect(values.texts).toEqual([]);
  });
});
