/**
 * A service's view: events in, values with their definitions out, into an Aggregator, and what could not be
 * used with its reason.
 */
import { describe, expect, it } from 'vitest';
import { Aggregator } from '../../src/aggregator.js';
import { MetricMapping } from '../../src/mapping/index.js';

const DIRECTIVE = {
  Dimensions: [['route'], ['route', 'status']],
  Metrics: [
    { Name: 'latencyMs', Unit: 'Milliseconds' },
    { Name: 'bytes', Unit: 'Bytes' },
  ],
  StaticDimensions: { Service: 'shop' },
} as const;

describe('MetricMapping', () => {
  it('gives each value under each dimension set, with the fixed dimensions', () => {
    const mapping = new MetricMapping(DIRECTIVE, { namespace: 'Shop' });
    const { values, setAside, folded } = mapping.map({
      route: '/buy',
      status: 200,
      latencyMs: 12.5,
      bytes: 5120,
    });
    expect(values.map(({ metric, value }) => [metric.name, metric.dimensions, metric.unit, value])).toEqual([
      ['latencyMs', { Service: 'shop', route: '/buy' }, 'Milliseconds', 12.5],
      ['latencyMs', { Service: 'shop', route: '/buy', status: '200' }, 'Milliseconds', 12.5],
      ['bytes', { Service: 'shop', route: '/buy' }, 'Bytes', 5120],
      ['bytes', { Service: 'shop', route: '/buy', status: '200' }, 'Bytes', 5120],
    ]);
    expect(setAside).toEqual([]);
    expect(folded).toBe(0);
  });

  it('keeps a dimension named __proto__ as a dimension', () => {
    const mapping = new MetricMapping(
      { Dimensions: [['__proto__']], Metrics: [{ Name: 'latencyMs' }] },
      { namespace: 'Shop' },
    );
    const event = JSON.parse('{"__proto__":"/buy","latencyMs":3}');
    const [value] = mapping.map(event).values;
    expect(Object.entries(value?.metric.dimensions ?? {})).toEqual([['__proto__', '/buy']]);
    expect(Object.getPrototypeOf(value?.metric.dimensions)).toBe(Object.prototype);
  });

  it('publishes what a partial event holds, and sets the rest aside with its reason', () => {
    const mapping = new MetricMapping(DIRECTIVE, { namespace: 'Shop' });
    const { values, setAside } = mapping.map({ route: '/buy', latencyMs: 7, bytes: 'big' });
    expect(values.map(({ metric, value }) => [metric.name, metric.dimensions, value])).toEqual([
      ['latencyMs', { Service: 'shop', route: '/buy' }, 7],
    ]);
    expect(setAside.map(({ metric, reason }) => [metric, reason])).toEqual([
      ['latencyMs', 'MissingDimension'],
      ['bytes', 'NotANumber'],
      ['bytes', 'NotANumber'],
    ]);
  });

  it('hands out the same definition object for the same metric, so an Aggregator folds them by reference', () => {
    const mapping = new MetricMapping(DIRECTIVE, { namespace: 'Shop' });
    const aggregator = new Aggregator({ namespace: mapping.namespace });
    const first = mapping.map({ route: '/a', status: 1, latencyMs: 1, bytes: 1 }).values;
    const second = mapping.map({ route: '/a', status: 1, latencyMs: 2, bytes: 2 }).values;
    expect(second[0]?.metric).toBe(first[0]?.metric);
    for (const { metric, value } of [...first, ...second]) aggregator.add(metric, value);
    expect(aggregator.seriesCount).toBe(4);
  });

  it('folds a runaway dimension into its overflow value, and counts what it folded', () => {
    const mapping = new MetricMapping(
      {
        Dimensions: [['requestId']],
        Metrics: [{ Name: 'v' }],
        DimensionOptions: { requestId: { MaxValues: 10 } },
      },
      { namespace: 'Shop' },
    );
    let folded = 0;
    const series = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const out = mapping.map({ requestId: `r${i}`, v: i });
      folded += out.folded;
      for (const { metric } of out.values) series.add(JSON.stringify(metric.dimensions));
    }
    expect(series.size).toBe(10);
    expect(folded).toBe(991);
    expect(mapping.folds()).toEqual([
      {
        namespace: 'Shop',
        dimension: 'requestId',
        overflow: 'Other',
        sample: ['r9', 'r10', 'r11', 'r12', 'r13'],
      },
    ]);
    mapping.resetCardinality();
    expect(mapping.folds()).toEqual([]);
  });
});
