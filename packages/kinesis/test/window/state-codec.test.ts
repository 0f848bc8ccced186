/**
 * The window state's encoding: any contents round-trip exactly (every value, count, bucket statistic, series,
 * count and kept value), and whatever else arrives as a state (another writer's, another version, damaged or
 * cut bytes, random text) is reported with a reason, never thrown and never read as a partial state.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeWindowState,
  emptyContents,
  encodeWindowState,
  STATE_MEMBER,
  type WindowContents,
} from '../../src/index.js';
import { ZERO_BUCKET } from '../../src/window/log-buckets.js';

const MINUTE = 60_000;
const BASE = Math.floor(Date.now() / MINUTE) * MINUTE;

/** Values as they come: small integers, short decimals, any double in CloudWatch's range, zero. */
const value = fc.oneof(
  fc.integer({ min: -1000, max: 100_000 }),
  fc.integer({ min: -99_999, max: 99_999 }).map((n) => n / 100),
  fc.double({ min: -1e108, max: 1e108, noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 5e-324, 2 ** 53, 1e-300),
);
const text = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' });
const count = fc.integer({ min: 1, max: 2 ** 40 });

const contentsArbitrary = fc
  .record({
    bounded: fc.boolean(),
    relativeError: fc.constantFrom(0.01, 0.001, 0.05),
    windowStart: fc.integer({ min: 0, max: 2 ** 41 }),
    records: fc.nat({ max: 1e9 }),
    earlyFlushes: fc.nat({ max: 100 }),
    invalidRecords: fc.nat({ max: 1e9 }),
    invalidValues: fc.dictionary(text, count, { maxKeys: 4 }),
    folded: fc.dictionary(text, count, { maxKeys: 4 }),
    kept: fc.array(
      fc.record({
        namespace: text,
        dimension: text,
        overflow: text,
        values: fc.uniqueArray(text, { maxLength: 5 }),
      }),
      { maxLength: 3 },
    ),
    series: fc.array(
      fc.record({
        namespace: text,
        name: text,
        unit: fc.option(fc.constantFrom('Milliseconds', 'Bytes', 'Count', 'None'), { nil: undefined }),
        resolution: fc.constantFrom(undefined, 1, 60),
        dimensions: fc.dictionary(text, text, { maxKeys: 4 }),
        periods: fc.array(
          fc.tuple(fc.nat({ max: 30 }), fc.array(fc.tuple(value, count), { minLength: 1, maxLength: 20 })),
          { minLength: 1, maxLength: 3 },
        ),
      }),
      { maxLength: 4 },
    ),
  })
  .map((spec): WindowContents => {
    const contents = emptyContents(
      spec.bounded ? { kind: 'bounded', relativeError: spec.relativeError } : { kind: 'exact' },
      spec.windowStart,
    );
    Object.assign(contents, {
      records: spec.records,
      earlyFlushes: spec.earlyFlushes,
      invalidRecords: spec.invalidRecords,
      invalidValues: new Map(Object.entries(spec.invalidValues)),
      folded: new Map(Object.entries(spec.folded)),
      kept: spec.kept,
    });
    for (const [i, s] of spec.series.entries()) {
      const definition = {
        name: s.name,
        dimensions: { ...s.dimensions, Series: String(i) },
        ...(s.unit ? { unit: s.unit as 'Count' } : {}),
        ...(s.resolution ? { storageResolution: s.resolution as 1 | 60 } : {}),
      };
      const entry = { namespace: s.namespace, definition, exact: new Map(), buckets: new Map() };
      for (const [minute, entries] of s.periods) {
        const start = BASE + minute * MINUTE;
        if (spec.bounded) {
          const buckets = new Map();
          for (const [k, [v, c]] of entries.entries()) {
            const key = v === 0 ? ZERO_BUCKET : k - 10;
            buckets.set(key, { count: c, sum: v * c, min: v + 0, max: v + 0 });
          }
          entry.buckets.set(start, buckets);
        } else {
          entry.exact.set(start, new Map(entries.map(([v, c]) => [v + 0, c])));
        }
      }
      contents.series.set(`series ${i}`, entry);
    }
    return contents;
  });

/** Contents as plain data, series keyed as the decoder keys them (the test keyed them by position). */
function plain(contents: WindowContents) {
  return {
    ...contents,
    series: [...contents.series.values()].map((entry) => ({
      ...entry,
      exact: [...entry.exact].map(([start, values]) => [start, [...values]]),
      buckets: [...entry.buckets].map(([start, buckets]) => [start, [...buckets]]),
    })),
    invalidValues: [...contents.invalidValues],
    folded: [...contents.folded],
  };
}

describe('the window state', () => {
  it('round-trips any contents exactly', () => {
    fc.assert(
      fc.property(contentsArbitrary, (contents) => {
        const state = encodeWindowState(contents);
        expect(Object.keys(state)).toEqual([STATE_MEMBER]);
        const read = decodeWindowState(JSON.parse(JSON.stringify(state)));
        if (read.kind !== 'read') throw new Error(`not read back: ${JSON.stringify(read)}`);
        expect(plain(read.contents)).toEqual(plain(contents));
      }),
      { numRuns: 300 },
    );
  });

  it('is compact: 1,001 distinct integers seen 20 times each take about 3 bytes each', () => {
    const contents = emptyContents({ kind: 'exact' }, BASE);
    const values = new Map(Array.from({ length: 1001 }, (_, v) => [v, 20]));
    contents.series.set('s', {
      namespace: 'N',
      definition: { name: 'm', dimensions: { Type: 'PutMetricDataValuesAndCounts' } },
      exact: new Map([[BASE, values]]),
      buckets: new Map(),
    });
    expect(JSON.stringify(encodeWindowState(contents)).length).toBeLessThan(3_500);
  });

  it('keeps a dimension named __proto__ as a dimension (found by the property above)', () => {
    const contents = emptyContents({ kind: 'exact' }, BASE);
    const dimensions = JSON.parse('{"__proto__":"x","Route":"/buy"}') as Record<string, string>;
    contents.series.set('s', {
      namespace: 'N',
      definition: { name: 'm', dimensions },
      exact: new Map([[BASE, new Map([[1, 1]])]]),
      buckets: new Map(),
    });
    const read = decodeWindowState(JSON.parse(JSON.stringify(encodeWindowState(contents))));
    if (read.kind !== 'read') throw new Error(`not read back: ${JSON.stringify(read)}`);
    const definition = [...read.contents.series.values()][0]?.definition;
    expect(Object.entries(definition?.dimensions ?? {})).toEqual([
      ['__proto__', 'x'],
      ['Route', '/buy'],
    ]);
    expect(Object.getPrototypeOf(definition?.dimensions)).toBe(Object.prototype);
  });

  it('reads no state, {} and null as the start of a window', () => {
    for (const state of [undefined, null, {}]) expect(decodeWindowState(state)).toEqual({ kind: 'empty' });
  });

  it("reports another writer's state, another version, and damaged or cut bytes, with the reason", () => {
    const good = encodeWindowState(emptyContents({ kind: 'exact' }, BASE))[STATE_MEMBER] as string;
    const bytes = Buffer.from(good, 'base64');
    const with_ = (change: (copy: Buffer) => Buffer) =>
      decodeWindowState({ [STATE_MEMBER]: change(Buffer.from(bytes)).toString('base64') });
    const cases: [unknown, RegExp][] = [
      [{ '1': 282, '2': 715 }, /not cwagg's: no "cwaggWindow"/],
      ['text', /is string, not an object/],
      [[1, 2], /is a list/],
      [{ [STATE_MEMBER]: 42 }, /not cwagg's/],
      [{ [STATE_MEMBER]: 'aGVsbG8gd29ybGQ=' }, /not cwagg's window state/],
    ];
    for (const [state, reason] of cases) {
      const read = decodeWindowState(state);
      expect(read.kind).toBe('unreadable');
      expect(read.kind === 'unreadable' && read.reason).toMatch(reason);
    }
    const version = with_((copy) => {
      copy[3] = 9;
      return copy;
    });
    expect(version).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/version 9/) });
    const flipped = with_((copy) => {
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 1;
      return copy;
    });
    expect(flipped).toMatchObject({ kind: 'unreadable', reason: expect.stringMatching(/checksum/) });
    const cut = with_((copy) => copy.subarray(0, 6));
    expect(cut.kind).toBe('unreadable');
  });

  it('never throws on any bytes, and reads nothing partial from damaged ones', () => {
    const states = fc
      .sample(contentsArbitrary, 20)
      .map((c) => Buffer.from(encodeWindowState(c)[STATE_MEMBER] as string, 'base64'));
    fc.assert(
      fc.property(
        fc.oneof(
          fc.uint8Array({ maxLength: 200 }),
          fc
            .tuple(fc.constantFrom(...states), fc.nat(), fc.integer({ min: 1, max: 255 }))
            .map(([s, at, xor]) => {
              const copy = Buffer.from(s);
              const i = at % copy.length;
              copy[i] = (copy[i] as number) ^ xor;
              return copy;
            }),
          fc.tuple(fc.constantFrom(...states), fc.nat()).map(([s, at]) => s.subarray(0, at % s.length)),
        ),
        (bytes) => {
          const read = decodeWindowState({ [STATE_MEMBER]: Buffer.from(bytes).toString('base64') });
          // A changed byte past the header breaks the checksum: damaged bytes are never read as contents.
          expect(read.kind).toBe('unreadable');
        },
      ),
      { numRuns: 500 },
    );
  });
});
