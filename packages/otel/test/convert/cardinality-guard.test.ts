import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CardinalityGuard, type GuardedPoint } from '../../src/convert/cardinality-guard.js';

const point = (dimensions: Record<string, string>, samples = 1): GuardedPoint => ({
  dimensions: { ...dimensions },
  statistics: { SampleCount: samples },
});

describe('CardinalityGuard', () => {
  it('keeps at most the cap of distinct values per dimension, folding the rest into the overflow value', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ route: fc.integer({ min: 0, max: 40 }), status: fc.integer({ min: 0, max: 3 }) }),
        ),
        fc.integer({ min: 1, max: 10 }),
        (draws, cap) => {
          const guard = new CardinalityGuard(cap, 'Other');
          const points = draws.map((d) => point({ Route: `/r${d.route}`, Status: String(d.status) }, 2));
          const folded = guard.apply(points);
          for (const name of ['Route', 'Status']) {
            const values = new Set(points.map((p) => p.dimensions[name]).filter((v) => v !== 'Other'));
            expect(values.size).toBeLessThanOrEqual(cap);
          }
          const before = (name: string) => new Set(draws.map((d) => (name === 'Route' ? d.route : d.status)));
          for (const fold of folded) {
            expect(fold.distinctValues).toBe(before(fold.dimension).size);
            expect(fold.keptValues).toBe(cap);
            expect(fold.samples).toBe(fold.dataPoints * 2);
            expect(points.filter((p) => p.dimensions[fold.dimension] === 'Other').length).toBe(
              fold.dataPoints,
            );
          }
        },
      ),
    );
  });

  it('keeps the values of the previous export first, so metrics do not flap into Other', () => {
    const guard = new CardinalityGuard(2, 'Other');
    guard.apply([point({ Route: '/a' }), point({ Route: '/b' })]);
    const next = [point({ Route: '/new' }), point({ Route: '/b' }), point({ Route: '/a' })];
    const [fold] = guard.apply(next);
    expect(next.map((p) => p.dimensions.Route)).toEqual(['Other', '/b', '/a']);
    expect(fold).toMatchObject({ dimension: 'Route', distinctValues: 3, keptValues: 2, foldedValues: 1 });
  });

  it('never counts the overflow value itself against the cap', () => {
    const guard = new CardinalityGuard(1, 'Other');
    const points = [point({ Route: 'Other' }), point({ Route: '/a' })];
    expect(guard.apply(points)).toEqual([]);
    expect(points.map((p) => p.dimensions.Route)).toEqual(['Other', '/a']);
  });
});
