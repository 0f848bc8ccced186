/** What the demo expects of a mapping: the series of each payload's values, invalid records, values set aside. */
import { describe, expect, it } from 'vitest';
import { createWorkload, MappedExpectation, PRESETS, seriesKey } from '../src/index.js';

const encode = (text: string) => new TextEncoder().encode(text);
const METRICS = '{"Dimensions":[["route"],["route","status"]],"Metrics":[{"Name":"ms"},{"Name":"bytes"}]}';

describe('MappedExpectation', () => {
  it('puts each value under each dimension set, a number dimension as its text', () => {
    const expectation = new MappedExpectation(METRICS);
    expect(expectation.add(encode('{"route":"/a","status":200,"ms":5,"bytes":10}'))).toBe(true);
    expect(expectation.add(encode('{"route":"/a","status":404,"ms":7,"bytes":-0}'))).toBe(true);
    expect([...expectation.series.keys()].sort()).toEqual([
      'bytes{route=/a,status=200}',
      'bytes{route=/a,status=404}',
      'bytes{route=/a}',
      'ms{route=/a,status=200}',
      'ms{route=/a,status=404}',
      'ms{route=/a}',
    ]);
    expect(expectation.series.get(seriesKey('ms', { route: '/a' }))?.values).toEqual(
      new Map([
        [5, 1],
        [7, 1],
      ]),
    );
    // CloudWatch has no -0: it is sent, and read back, as 0.
    expect([...(expectation.series.get('bytes{route=/a}')?.values.keys() ?? [])]).toEqual([10, 0]);
    expect(expectation.headline()).toEqual(
      new Map([
        [5, 1],
        [7, 1],
      ]),
    );
    expect(expectation.headlineGroup()).toEqual({ metric: 'ms', dimensions: ['route'] });
  });

  it('counts records that cannot be read, and values of readable ones that are set aside', () => {
    const expectation = new MappedExpectation(METRICS);
    for (const bad of ['not json', '[1]', '', '\u00ff']) expect(expectation.add(encode(bad))).toBe(false);
    expect(expectation.add(encode('{"route":"/a","ms":"slow"}'))).toBe(true);
    expect(expectation.invalidRecords).toBe(4);
    // ms not a number (x2 sets), bytes missing (x2 sets).
    expect(expectation.setAside).toBe(4);
  });
});

describe('a workload with METRICS', () => {
  it('hands out the preset’s events and knows every series they fill', () => {
    const workload = createWorkload({
      template: PRESETS.web.template,
      badRatio: 0,
      seed: 1,
      metrics: PRESETS.web.metrics,
    });
    let random = 0;
    for (let i = 0; i < 500; i++) workload.payload(i, () => (random = (random + 0.37) % 1));
    const produced = workload.produced();
    expect(produced).toMatchObject({ records: 500, valid: 500, invalid: 0 });
    expect(produced.mapped?.setAside).toBe(0);
    const sizes = (produced.mapped?.series ?? []).map((series) =>
      [...series.values.values()].reduce((sum, count) => sum + count, 0),
    );
    // Two metrics, each value once under [route] and once under [route, status].
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(500 * 4);
    expect([...produced.values.values()].reduce((sum, count) => sum + count, 0)).toBe(500);
  });
});
