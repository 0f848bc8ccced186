/** record()'s cache: content-keyed, never confusing two metrics, bounded, and never caching what is not data. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MetricCache, type MetricOptions } from '../../src/buffer/metric-cache.js';

interface Lookup {
  name: string;
  options: MetricOptions | undefined;
}

/** A cache whose entries say which lookup created them, counting the creations. */
function cache(maxEntries = 1000) {
  const created: Lookup[] = [];
  const metrics = new MetricCache<{ id: number }>(maxEntries, (name, options) => {
    created.push({ name, options });
    return { id: created.length };
  });
  return { metrics, created };
}

/** What identifies a metric for the cache: the caller's own strings, dimensions in the caller's order. */
function identity({ name, options }: Lookup): string {
  return JSON.stringify([
    name,
    options?.unit ?? null,
    options?.storageResolution ?? null,
    Object.entries(options?.dimensions ?? {}),
  ]);
}

/**
 * Short strings from a tiny alphabet, so that different lookups often share every piece but one, or spell
 * the same characters split differently ({ a: 'b' } and { ab: '' }).
 */
const piece = fc.string({ unit: fc.constantFrom('a', 'b'), maxLength: 2 });
const aLookup: fc.Arbitrary<Lookup> = fc.record({
  name: fc.constantFrom('a', 'ab', 'b'),
  options: fc.option(
    fc.record(
      {
        unit: fc.constantFrom('Count' as const, 'Milliseconds' as const),
        storageResolution: fc.constantFrom(1 as const, 60 as const),
        dimensions: fc.dictionary(piece, piece, { maxKeys: 2 }),
      },
      { requiredKeys: ['dimensions'] },
    ),
    { nil: undefined, freq: 5 },
  ),
});
/** The same lookup as fresh objects, the way a service calls record() with a literal each time. */
const copy = (lookup: Lookup): Lookup => ({
  name: lookup.name,
  options:
    lookup.options === undefined
      ? undefined
      : {
          ...lookup.options,
          ...(lookup.options.dimensions === undefined
            ? {}
            : { dimensions: { ...lookup.options.dimensions } }),
        },
});

describe('MetricCache', () => {
  it('finds the same entry for the same metric, and a different one for any other metric', () => {
    fc.assert(
      fc.property(fc.array(aLookup, { minLength: 1, maxLength: 40 }), (lookups) => {
        const { metrics, created } = cache();
        const byIdentity = new Map<string, { id: number }>();
        for (const lookup of [...lookups, ...lookups.map(copy)]) {
          const entry = metrics.get(lookup.name, lookup.options);
          const known = byIdentity.get(identity(lookup));
          if (known === undefined) {
            // A metric seen for the first time: a new entry, unlike every other.
            expect([...byIdentity.values()]).not.toContain(entry);
            byIdentity.set(identity(lookup), entry);
          } else {
            expect(entry).toBe(known);
          }
        }
        expect(created).toHaveLength(byIdentity.size);
        expect(metrics.size).toBe(byIdentity.size);
      }),
      { numRuns: 300 },
    );
  });

  it('does not confuse metrics that a concatenated key would', () => {
    const { metrics } = cache();
    const entries = [
      metrics.get('ab', { dimensions: { c: 'd' } }),
      metrics.get('a', { dimensions: { bc: 'd' } }),
      metrics.get('a', { dimensions: { b: 'cd' } }),
      metrics.get('a', { unit: 'Count' }),
      metrics.get('a', undefined),
      metrics.get('a', { dimensions: { x: 'y', z: 'w' } }),
      metrics.get('a', { dimensions: { z: 'w', x: 'y' } }), // another order: its own entry (same series later)
    ];
    expect(new Set(entries).size).toBe(entries.length);
    // No options and empty options are the same metric.
    expect(metrics.get('a', {})).toBe(entries[4]);
    expect(metrics.get('a', { dimensions: {} })).toBe(entries[4]);
  });

  it('never caches what is not plain data: each lookup goes to create, which rejects it', () => {
    const { metrics, created } = cache();
    const odd: unknown[] = [
      null,
      'fast',
      7,
      { dimensions: null },
      { dimensions: 'Route=/buy' },
      { dimensions: { Route: 42 } },
    ];
    for (const options of [...odd, ...odd]) metrics.get('Latency', options as MetricOptions);
    expect(created).toHaveLength(2 * odd.length);
    expect(metrics.size).toBe(0);
  });

  it('holds at most maxEntries: when full it starts over, and a forgotten metric is created again', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 200 }),
        (max, names) => {
          const { metrics, created } = cache(max);
          for (const name of names) {
            metrics.get(`M${name}`, undefined);
            expect(metrics.size).toBeLessThanOrEqual(max);
          }
          // Never more creations than lookups, never fewer than distinct names.
          expect(created.length).toBeLessThanOrEqual(names.length);
          expect(created.length).toBeGreaterThanOrEqual(new Set(names).size);
        },
      ),
    );
    const { metrics, created } = cache(2);
    const first = metrics.get('A', undefined);
    metrics.get('B', undefined);
    metrics.get('C', undefined); // full: starts over with C alone
    expect(metrics.size).toBe(1);
    expect(metrics.get('A', undefined)).not.toBe(first);
    expect(created.map((lookup) => lookup.name)).toEqual(['A', 'B', 'C', 'A']);
  });
});
