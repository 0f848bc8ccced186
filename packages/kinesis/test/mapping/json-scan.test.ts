/**
 * The JSON fast path against JSON.parse: on adversarial input (escapes, exponents, leading zeros, huge and tiny
 * magnitudes, -0, nested paths, duplicate keys, whitespace, broken bytes), wherever the scanner answers, each
 * slot holds what walking JSON.parse's object gives; where JSON.parse refuses the text, the scanner does too.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ABSENT,
  buildFieldPlan,
  DIMENSION_SLOT,
  METRIC_SLOT,
  NUMBER,
  PLAIN_STRING,
} from '../../src/mapping/field-plan.js';
import { JsonFieldScanner, utf8SequenceLength } from '../../src/mapping/json-scan.js';
import { jsonBytes, KEYS } from '../support/adversarial-json.js';

const decoder = new TextDecoder('utf-8', { fatal: true });

/** What JSON.parse says is at `path`: undefined when absent (as the handlers' full parse reads it). */
function reference(bytes: Uint8Array): { ok: true; document: unknown } | { ok: false } {
  try {
    return { ok: true, document: JSON.parse(decoder.decode(bytes)) };
  } catch {
    return { ok: false };
  }
}

function at(document: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let node = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) {
      return { found: false };
    }
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

const aPath = fc.array(fc.constantFrom(...KEYS), { minLength: 1, maxLength: 3 });
const aPlan = fc.record({
  paths: fc.array(aPath, { minLength: 1, maxLength: 6 }),
  uses: fc.array(fc.constantFrom(METRIC_SLOT, DIMENSION_SLOT), { minLength: 6, maxLength: 6 }),
  bail: fc.boolean(),
});

describe('JsonFieldScanner', () => {
  it('agrees with JSON.parse wherever it answers, and never answers for text JSON.parse refuses', () => {
    let answered = 0;
    fc.assert(
      fc.property(aPlan, jsonBytes, ({ paths, uses, bail }, bytes) => {
        const plan = buildFieldPlan(paths, uses.slice(0, paths.length), bail ? ['_aws'] : []);
        const scanner = new JsonFieldScanner(plan);
        // The payload sits inside a larger buffer, as it does in the decoder's scratch buffer.
        const buffer = Uint8Array.from([0x7b, 0x22, ...bytes, 0x22, 0x7d]);
        const ok = scanner.scan(buffer, 2, 2 + bytes.length);
        const parsed = reference(bytes);
        if (!ok) return;
        answered++;
        expect(parsed.ok).toBe(true);
        if (!parsed.ok) return;
        const { document } = parsed;
        expect(document !== null && typeof document === 'object' && !Array.isArray(document)).toBe(true);
        if (bail) expect(Object.hasOwn(document as object, '_aws')).toBe(false);
        paths.forEach((path, slot) => {
          const { found, value } = at(document, path);
          const kind = scanner.kinds[slot];
          if (!found) {
            expect(kind, `${path.join('.')} in ${decoder.decode(bytes)}`).toBe(ABSENT);
          } else if (kind === NUMBER) {
            expect(
              Object.is(scanner.numbers[slot], value),
              `${path.join('.')}: ${scanner.numbers[slot]} vs ${value}`,
            ).toBe(true);
          } else {
            expect(kind).toBe(PLAIN_STRING);
            expect(uses[slot]).toBe(DIMENSION_SLOT);
            const text = String.fromCharCode(...buffer.subarray(scanner.starts[slot], scanner.ends[slot]));
            expect(text).toBe(value);
          }
        });
      }),
      { numRuns: 20_000 },
    );
    // The property is about the answers: make sure there are plenty of them.
    expect(answered).toBeGreaterThan(2_000);
  });

  it('reads the example event in one pass, nested paths and numbers as JSON.parse reads them', () => {
    const plan = buildFieldPlan(
      [['latencyMs'], ['bytes'], ['route'], ['status'], ['timing', 'ms']],
      [METRIC_SLOT, METRIC_SLOT, DIMENSION_SLOT, DIMENSION_SLOT, METRIC_SLOT],
    );
    const scanner = new JsonFieldScanner(plan);
    const text =
      ' {"service":"shop", "route" : "/buy","status":200,"latencyMs":12.5,"bytes":5.12e3,"timing":{"ms":-0},"requestId":"9f1c..."}\n';
    const bytes = new TextEncoder().encode(text);
    expect(scanner.scan(bytes, 0, bytes.length)).toBe(true);
    expect([...scanner.kinds]).toEqual([NUMBER, NUMBER, PLAIN_STRING, NUMBER, NUMBER]);
    expect([...scanner.numbers].map((n, i) => (i === 2 ? null : n))).toEqual([12.5, 5120, null, 200, -0]);
    expect(Object.is(scanner.numbers[4], -0)).toBe(true);
  });

  it('keeps the last of duplicate keys, as JSON.parse does, nested ones included', () => {
    const scanner = new JsonFieldScanner(buildFieldPlan([['a', 'b'], ['x']], [METRIC_SLOT, METRIC_SLOT]));
    const scan = (text: string) => {
      const bytes = new TextEncoder().encode(text);
      expect(scanner.scan(bytes, 0, bytes.length)).toBe(true);
      return [...scanner.kinds].map((kind, slot) => (kind === NUMBER ? scanner.numbers[slot] : 'absent'));
    };
    expect(scan('{"a":{"b":1},"x":2,"a":{"c":3},"x":4}')).toEqual(['absent', 4]);
    expect(scan('{"a":{"b":1},"a":5}')).toEqual(['absent', 'absent']);
    expect(scan('{"a":5,"a":{"b":1}}')).toEqual([1, 'absent']);
  });

  it('leaves to the full parse what it does not take itself', () => {
    const scanner = new JsonFieldScanner(
      buildFieldPlan([['v'], ['d']], [METRIC_SLOT, DIMENSION_SLOT], ['_aws']),
    );
    for (const text of [
      '{"v":"12"}', // a string in a metric
      '{"v":[1,2]}', // an array of values
      '{"d":"caf\u00e9"}', // non-ASCII dimension
      '{"d":"a\\"b"}', // an escape in a dimension
      '{"\\u0076":1}', // an escape in a key
      '{"v":01}', // not JSON
      '{"v":1,}',
      '{"_aws":{}}', // an embedded document
      '\ufeff{"v":1}', // a byte-order mark: the full parse's decoder drops it
      '[1]',
      '',
    ]) {
      const bytes = new TextEncoder().encode(text);
      expect(scanner.scan(bytes, 0, bytes.length), text).toBe(false);
    }
  });

  it('validates UTF-8 as the TextDecoder’s fatal mode does', () => {
    const valid = (bytes: number[]) => utf8SequenceLength(Uint8Array.from(bytes), 0, bytes.length);
    expect(valid([0xc3, 0xa9])).toBe(2);
    expect(valid([0xe2, 0x82, 0xac])).toBe(3);
    expect(valid([0xf0, 0x9f, 0x98, 0x80])).toBe(4);
    for (const bad of [
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xc3],
      [0xff],
    ]) {
      expect(valid(bad), bad.join(',')).toBe(0);
      expect(() => decoder.decode(Uint8Array.from(bad))).toThrow();
    }
  });
});
