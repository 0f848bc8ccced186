import { dimensionsProblem } from '@cwagg/core/limits';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dimensionRules, dimensionValue, EMPTY_VALUE, mapDimensions } from '../../src/convert/dimensions.js';

describe('dimension allow-lists', () => {
  it('keeps only the attributes named, under their own name or the one given', () => {
    const into: Record<string, string> = {};
    const changed = mapDimensions(
      { 'http.route': '/buy', 'http.response.status_code': 200, 'user.id': 'u-123', flag: true },
      dimensionRules({ 'http.route': 'Route', 'http.response.status_code': 'Status', flag: 'Flag' }),
      into,
    );
    expect(into).toEqual({ Route: '/buy', Status: '200', Flag: 'true' });
    expect(changed).toBe(0);
    const kept: Record<string, string> = {};
    mapDimensions({ 'http.route': '/a', other: 'x' }, dimensionRules(['http.route', 'missing']), kept);
    expect(kept).toEqual({ 'http.route': '/a' });
  });

  it('makes any attribute value one CloudWatch accepts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 2000 }),
          fc.double(),
          fc.boolean(),
          fc.array(fc.oneof(fc.string(), fc.integer())),
        ),
        (attribute) => {
          const mapped = dimensionValue(attribute);
          expect(mapped).toBeDefined();
          expect(dimensionsProblem({ Name: (mapped as { value: string }).value })).toBeUndefined();
        },
      ),
    );
  });

  it('says when it had to change the text', () => {
    expect(dimensionValue('café')).toEqual({ value: 'caf?', changed: true });
    expect(dimensionValue('   ')).toEqual({ value: EMPTY_VALUE, changed: true });
    expect(dimensionValue('x'.repeat(1030))?.value.length).toBe(1024);
    expect(dimensionValue(['a', 1])).toEqual({ value: 'a,1', changed: false });
    expect(dimensionValue(undefined)).toBeUndefined();
  });
});
