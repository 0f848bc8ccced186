import { describe, expect, it } from 'vitest';
import { disagreements, overall, sameStatistics } from '../src/agreement.js';

describe('whether the contenders agree', () => {
  it('tells a disagreement apart from a rounding difference of the sum', () => {
    const a = { SampleCount: 3, Sum: 0.1 + 0.2 + 0.3, Minimum: 0.1, Maximum: 0.3 };
    const b = { SampleCount: 3, Sum: 0.3 + 0.2 + 0.1, Minimum: 0.1, Maximum: 0.3 };
    expect(sameStatistics(a, b)).toBe(true);
    expect(sameStatistics(a, { ...b, Maximum: 0.4 })).toBe(false);
    expect(disagreements({ one: { M: a }, two: { M: b } })).toEqual([]);
    const problems = disagreements({ one: { M: a }, two: { M: { ...b, SampleCount: 4 } }, three: {} });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toContain('two');
    expect(problems[1]).toContain('three has no such metric');
  });

  it('names a metric only the others have, against the first contender', () => {
    const m = { SampleCount: 1, Sum: 1, Minimum: 1, Maximum: 1 };
    expect(disagreements({ first: {}, second: { extra: m } })).toEqual(['extra: first has no such metric']);
    expect(disagreements({})).toEqual([]);
    expect(disagreements({ alone: { M: m } })).toEqual([]);
  });

  it('sums every metric into one line for the report', () => {
    expect(
      overall({
        'Latency /a': { SampleCount: 2, Sum: 5, Minimum: 1, Maximum: 4 },
        'Latency /b': { SampleCount: 3, Sum: 30, Minimum: 7, Maximum: 13 },
      }),
    ).toEqual({ SampleCount: 5, Sum: 35, Minimum: 1, Maximum: 13 });
    expect(overall({})).toEqual({
      SampleCount: 0,
      Sum: 0,
      Minimum: Number.POSITIVE_INFINITY,
      Maximum: Number.NEGATIVE_INFINITY,
    });
  });
});
