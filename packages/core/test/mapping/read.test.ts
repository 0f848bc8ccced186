/** The reading rules: numbers and arrays of numbers for metrics, strings and numbers for dimensions. */
import { describe, expect, it } from 'vitest';
import { compileDirective, readDimension, readMetric } from '../../src/mapping/index.js';

const compiled = compileDirective(
  {
    Dimensions: [['route', 'status']],
    Metrics: [{ Name: 'latencyMs' }, { Name: 'Size', Path: 'body.bytes' }],
    DimensionOptions: { status: { Path: 'response.status' } },
  },
  { namespace: 'N' },
);
const [latency, size] = compiled.metrics as [(typeof compiled.metrics)[0], (typeof compiled.metrics)[0]];
const [route, status] = compiled.dimensions as [
  (typeof compiled.dimensions)[0],
  (typeof compiled.dimensions)[0],
];

describe('readMetric', () => {
  it('reads a number, nested or not', () => {
    expect(readMetric({ latencyMs: 12.5 }, latency)).toEqual({ values: [12.5], setAside: [] });
    expect(readMetric({ body: { bytes: 5120 } }, size)).toEqual({ values: [5120], setAside: [] });
  });

  it('reads an array of numbers as that many values, and sets aside those out of range one by one', () => {
    expect(readMetric({ latencyMs: [1, 2, 1e200, 3] }, latency)).toEqual({
      values: [1, 2, 3],
      setAside: [
        {
          reason: 'OutOfRange',
          detail: `field "latencyMs" holds 1e+200, outside CloudWatch's range of -2^360..2^360`,
        },
      ],
    });
    expect(readMetric({ latencyMs: [] }, latency)).toEqual({ values: [], setAside: [] });
  });

  it('names why a member gives no value', () => {
    const reason = (event: unknown, metric = latency) => readMetric(event, metric).setAside;
    expect(reason({})).toEqual([{ reason: 'MissingField', detail: 'field "latencyMs" is missing' }]);
    expect(reason({ body: 5 }, size)).toEqual([
      { reason: 'MissingField', detail: 'field "body.bytes" is missing' },
    ]);
    expect(reason({ latencyMs: '12' })).toEqual([
      { reason: 'NotANumber', detail: 'field "latencyMs" is a string, not a number' },
    ]);
    expect(reason({ latencyMs: null })[0]?.detail).toBe('field "latencyMs" is null, not a number');
    expect(reason({ latencyMs: [1, 'x'] })[0]?.detail).toBe(
      'field "latencyMs" is an array holding something other than numbers, not a number',
    );
    expect(reason({ latencyMs: Array.from({ length: 101 }, () => 1) })).toEqual([
      {
        reason: 'TooManyValues',
        detail: 'field "latencyMs" holds 101 values; the embedded metric format allows at most 100',
      },
    ]);
    expect(reason({ latencyMs: Number.POSITIVE_INFINITY })[0]?.reason).toBe('OutOfRange');
  });
});

describe('readDimension', () => {
  it('takes a string, and a number as its text', () => {
    expect(readDimension({ route: '/buy' }, route)).toEqual({ value: '/buy' });
    expect(readDimension({ response: { status: 200 } }, status)).toEqual({ value: '200' });
    expect(readDimension({ response: { status: -0 } }, status)).toEqual({ value: '0' });
    expect(readDimension({ response: { status: 1e21 } }, status)).toEqual({ value: '1e+21' });
  });

  it('names a missing dimension, and one CloudWatch would refuse', () => {
    expect(readDimension({}, route)).toEqual({
      reason: 'MissingDimension',
      detail: 'dimension "route" is missing',
    });
    expect(readDimension({ response: {} }, status)).toEqual({
      reason: 'MissingDimension',
      detail: 'dimension "status" (field "response.status") is missing',
    });
    expect(readDimension({ route: true }, route)).toEqual({
      reason: 'BadDimension',
      detail: 'dimension "route" is a boolean, not a string or number',
    });
    for (const bad of ['', '   ', 'caf\u00e9', 'a\u0001b', 'x'.repeat(1025)]) {
      expect(readDimension({ route: bad }, route).reason).toBe('BadDimension');
    }
    expect(readDimension({ route: 'x'.repeat(1024) }, route)).toEqual({ value: 'x'.repeat(1024) });
  });
});
