/**
 * The directive's checks and its compiled form: every problem named with its member, the embedded metric
 * format's own limits (written out from its specification here), and the defaults of the extensions.
 */
import { describe, expect, it } from 'vitest';
import { CwaggConfigError } from '../../src/errors.js';
import { compileDirective, directiveProblems } from '../../src/mapping/index.js';

const EXAMPLE = {
  Dimensions: [['route'], ['route', 'status']],
  Metrics: [
    { Name: 'latencyMs', Unit: 'Milliseconds' },
    { Name: 'bytes', Unit: 'Bytes' },
  ],
};

describe('compileDirective', () => {
  it('reads the embedded metric format shape: names are the members, every set gets every metric', () => {
    const compiled = compileDirective(EXAMPLE, { namespace: 'Shop', dimensions: { Type: 'x' } });
    expect(compiled.namespace).toBe('Shop');
    expect(compiled.metrics).toEqual([
      { name: 'latencyMs', unit: 'Milliseconds', path: ['latencyMs'] },
      { name: 'bytes', unit: 'Bytes', path: ['bytes'] },
    ]);
    expect(compiled.dimensions.map((d) => [d.name, d.path, d.maxValues, d.overflow, d.allowed])).toEqual([
      ['route', ['route'], 100, 'Other', undefined],
      ['status', ['status'], 100, 'Other', undefined],
    ]);
    expect(compiled.dimensionSets).toEqual([[0], [0, 1]]);
    expect(compiled.fixedDimensions).toEqual({ Type: 'x' });
  });

  it('takes the extensions: paths, renaming, static dimensions, per-dimension options', () => {
    const compiled = compileDirective({
      Namespace: 'Web',
      Dimensions: [['Route']],
      Metrics: [
        { Name: 'Latency', Path: 'timing.ms', StorageResolution: 1 },
        { Name: 'Size', Path: ['a.b', 'c'] },
      ],
      StaticDimensions: { Service: 'shop' },
      DimensionOptions: {
        Route: {
          Path: 'request.route',
          AllowedValues: ['/buy', '/cart'],
          MaxValues: 5,
          Overflow: 'Elsewhere',
        },
      },
    });
    expect(compiled.namespace).toBe('Web');
    expect(compiled.metrics).toEqual([
      { name: 'Latency', path: ['timing', 'ms'], storageResolution: 1 },
      { name: 'Size', path: ['a.b', 'c'] },
    ]);
    const [route] = compiled.dimensions;
    expect(route).toMatchObject({
      name: 'Route',
      path: ['request', 'route'],
      maxValues: 5,
      overflow: 'Elsewhere',
    });
    expect([...(route?.allowed ?? [])]).toEqual(['/buy', '/cart']);
    expect(compiled.fixedDimensions).toEqual({ Service: 'shop' });
  });

  it('defaults to one set without event dimensions, and refuses an empty list of sets', () => {
    expect(compileDirective({ Metrics: [{ Name: 'v' }] }, { namespace: 'N' }).dimensionSets).toEqual([[]]);
    expect(directiveProblems({ Dimensions: [], Metrics: [{ Name: 'v' }] }, { namespace: 'N' })).toEqual([
      expect.stringMatching(/^Dimensions must be a non-empty array/),
    ]);
  });

  it('throws one CwaggConfigError listing every problem, each naming its member', () => {
    let error: unknown;
    try {
      compileDirective(
        {
          Namespace: 'AWS/Lambda',
          Dimensions: [['route', 'route'], ['status'], ['status']],
          Metrics: [{ Name: 'a', Unit: 'Millis' }, { Name: 'a' }, { Name: '', Path: 'x..y' }, { Nme: 'b' }],
          DimensionOptions: { route: { MaxValues: 0 }, nowhere: {} },
          Extra: true,
        },
        {},
      );
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(CwaggConfigError);
    const message = (error as Error).message;
    for (const expected of [
      'the directive: unknown member "Extra"',
      'Namespace: namespace "AWS/Lambda" must not start with "AWS/"',
      'Metrics[0].Unit: unit "Millis" is not a CloudWatch unit',
      'Metrics[1].Name "a" is defined twice',
      'Metrics[2].Name: metric name must be 1..255 characters (got 0)',
      'Metrics[3]: unknown member "Nme"',
      'Dimensions[0] names "route" twice',
      'Dimensions[2] repeats Dimensions[1]',
      'DimensionOptions.nowhere: no dimension set names "nowhere"',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('suggests the member meant when only its case is wrong', () => {
    expect(directiveProblems({ metrics: [] }, { namespace: 'N' })).toContain(
      'the directive: unknown member "metrics"; did you mean "Metrics"?',
    );
  });

  it('holds the embedded metric format limits: 100 metrics per directive, 30 dimensions per set', () => {
    const metrics = (n: number) => Array.from({ length: n }, (_, i) => ({ Name: `m${i}` }));
    const set = (n: number) => Array.from({ length: n }, (_, i) => `d${i}`);
    expect(directiveProblems({ Metrics: metrics(100) }, { namespace: 'N' })).toEqual([]);
    expect(directiveProblems({ Metrics: metrics(101) }, { namespace: 'N' })).toEqual([
      'Metrics holds 101 definitions; the embedded metric format allows at most 100',
    ]);
    expect(directiveProblems({ Dimensions: [set(30)], Metrics: metrics(1) }, { namespace: 'N' })).toEqual([]);
    expect(directiveProblems({ Dimensions: [set(31)], Metrics: metrics(1) }, { namespace: 'N' })).toEqual([
      'Dimensions[0] names 31 dimensions; the embedded metric format allows at most 30',
    ]);
  });

  it('counts the fixed dimensions against CloudWatch’s 30 per metric, and keeps them out of the sets', () => {
    const directive = {
      Dimensions: [Array.from({ length: 29 }, (_, i) => `d${i}`)],
      Metrics: [{ Name: 'v' }],
      StaticDimensions: { Service: 'shop' },
    };
    expect(directiveProblems(directive, { namespace: 'N', dimensions: { Type: 't' } })).toEqual([
      'Dimensions[0] gives a metric 31 dimensions with the fixed ones; CloudWatch allows at most 30',
    ]);
    expect(
      directiveProblems(
        { Dimensions: [['Type']], Metrics: [{ Name: 'v' }], StaticDimensions: { Type: 'mine' } },
        { namespace: 'N', dimensions: { Type: 't' } },
      ),
    ).toEqual([
      'StaticDimensions: "Type" is already set by the handler or service configuration',
      'Dimensions[0]: "Type" is a fixed dimension (StaticDimensions or the handler\'s own) and cannot be read from events',
    ]);
  });

  it('checks the cardinality options: cap range, allow-list against the cap, overflow value', () => {
    const problems = (options: unknown) =>
      directiveProblems(
        { Dimensions: [['route']], Metrics: [{ Name: 'v' }], DimensionOptions: { route: options } },
        { namespace: 'N' },
      );
    expect(problems({ MaxValues: 10_000 })).toEqual([]);
    expect(problems({ MaxValues: 10_001 })).toEqual([
      'DimensionOptions.route.MaxValues must be a whole number from 1 to 10,000 (got 10001)',
    ]);
    expect(problems({ MaxValues: 2.5 })[0]).toMatch(/MaxValues must be a whole number/);
    expect(problems({ AllowedValues: ['a', 'b', 'c'], MaxValues: 3 })).toEqual([
      'DimensionOptions.route.AllowedValues lists 3 values but MaxValues is 3: at most 2 values are kept beside "Other" (raise MaxValues)',
    ]);
    expect(problems({ Overflow: ' ' })).toEqual([
      'DimensionOptions.route.Overflow " " must be printable ASCII with a non-whitespace character',
    ]);
    expect(problems({ AllowedValues: ['ok', 'caf\u00e9'] })).toEqual([
      'DimensionOptions.route.AllowedValues "café" must be printable ASCII with a non-whitespace character',
    ]);
    expect(problems({ Path: '' })[0]).toMatch(/Path must be a dotted path/);
  });

  it('reads an embedded document’s directive as the specification says: Namespace required, other members ignored', () => {
    const directive = {
      Dimensions: [['functionVersion']],
      Metrics: [{ Name: 'time', Unit: 'Milliseconds', Path: 'ignored.here', Other: 1 }],
      Mine: true,
    };
    expect(directiveProblems(directive, { embedded: true })).toEqual(['Namespace is missing']);
    const compiled = compileDirective({ ...directive, Namespace: 'fn' }, { embedded: true });
    expect(compiled.metrics).toEqual([{ name: 'time', unit: 'Milliseconds', path: ['time'] }]);
  });
});
