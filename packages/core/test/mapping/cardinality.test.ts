/** The cardinality guard: at most the cap's number of values per dimension and scope, overflow included. */
import { describe, expect, it } from 'vitest';
import { CardinalityScope, compileDirective } from '../../src/mapping/index.js';

function dimension(options: Record<string, unknown> = {}) {
  const compiled = compileDirective(
    { Dimensions: [['requestId']], Metrics: [{ Name: 'v' }], DimensionOptions: { requestId: options } },
    { namespace: 'N' },
  );
  return compiled.dimensions[0] as (typeof compiled.dimensions)[0];
}

function published(scope: CardinalityScope, dim: ReturnType<typeof dimension>, values: string[]): string[] {
  return values.map((value) => (scope.keeps('N', dim, value) ? value : dim.overflow));
}

describe('CardinalityScope', () => {
  it('keeps the first cap - 1 distinct values and folds the rest: never more than cap values', () => {
    const dim = dimension();
    const ids = Array.from({ length: 10_000 }, (_, i) => `req-${i}`);
    const out = published(new CardinalityScope(), dim, ids);
    expect(new Set(out).size).toBe(100);
    expect(out.slice(0, 99)).toEqual(ids.slice(0, 99));
    expect(out.slice(99).every((value) => value === 'Other')).toBe(true);
  });

  it('folds the same way for the same values in the same order, and afresh after a reset', () => {
    const dim = dimension({ MaxValues: 3 });
    const values = ['a', 'b', 'a', 'c', 'd', 'b'];
    const scope = new CardinalityScope();
    const first = published(scope, dim, values);
    expect(first).toEqual(['a', 'b', 'a', 'Other', 'Other', 'b']);
    expect(published(new CardinalityScope(), dim, values)).toEqual(first);
    expect(scope.report()).toEqual([
      { namespace: 'N', dimension: 'requestId', overflow: 'Other', sample: ['c', 'd'] },
    ]);
    scope.reset();
    expect(published(scope, dim, ['d', 'c'])).toEqual(['d', 'c']);
    expect(scope.report()).toEqual([]);
  });

  it('folds values off the allow-list, and a cap of 1 folds everything', () => {
    const allowed = dimension({ AllowedValues: ['/buy', '/cart'], Overflow: 'Elsewhere' });
    expect(published(new CardinalityScope(), allowed, ['/buy', '/x', '/cart', '/y'])).toEqual([
      '/buy',
      'Elsewhere',
      '/cart',
      'Elsewhere',
    ]);
    expect(published(new CardinalityScope(), dimension({ MaxValues: 1 }), ['a', 'b'])).toEqual([
      'Other',
      'Other',
    ]);
  });

  it('keeps a sample of at most 5 distinct folded values', () => {
    const scope = new CardinalityScope();
    published(scope, dimension({ MaxValues: 1 }), ['a', 'b', 'a', 'c', 'd', 'e', 'f', 'g']);
    expect(scope.report()[0]?.sample).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('carries on through kept() and restore(): a scope split in two folds as one does', () => {
    const dim = dimension({ MaxValues: 4 });
    const values = ['a', 'b', 'a', 'c', 'd', 'b', 'e', 'c'];
    const whole = published(new CardinalityScope(), dim, values);
    const first = new CardinalityScope();
    const head = published(first, dim, values.slice(0, 3));
    const second = new CardinalityScope();
    second.restore(first.kept());
    expect([...head, ...published(second, dim, values.slice(3))]).toEqual(whole);
    expect(second.kept()).toEqual([
      { namespace: 'N', dimension: 'requestId', overflow: 'Other', values: ['a', 'b', 'c'] },
    ]);
  });
});
