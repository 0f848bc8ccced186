/**
 * The metric math functions served, after the table of the User Guide's "Metric math syntax and
 * functions". Where it leaves a choice, the one made (also in the package README):
 *
 * - MIN and MAX of an array take, at each timestamp, the series that have a value there (AVG and SUM
 *   count a missing value as 0, as the table says of AVG).
 * - FILL(m, REPEAT) leaves the periods before the first value empty, FILL(m, LINEAR) those before the
 *   first and after the last: there is nothing to repeat or interpolate from.
 * - The aggregate of an empty series is no number (its points drop out of what uses it); SUM of it is 0.
 */
import { DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA } from '../limits.js';
import { periodCount, periodStarts } from '../query-window.js';
import type { MathContext } from './evaluate.js';
import { ExpressionError } from './parse.js';
import {
  array,
  derive,
  type MathValue,
  type Series,
  scalar,
  single,
  sortedPoints,
  unionTimestamps,
} from './series.js';

export type FunctionArgument =
  | MathValue
  | { kind: 'keyword'; name: string }
  | { kind: 'string'; value: string };

type Implementation = (args: FunctionArgument[], context: MathContext) => MathValue;

/**
 * FILL fills at most as many periods, over a whole request, as one GetMetricData returns by default: a year
 * of seconds, or FILL(METRICS(), 0) over 500 metrics of 100,800 periods each, would hang the endpoint.
 */
export const MAX_FILL_PERIODS = DEFAULT_MAX_DATAPOINTS_PER_GET_METRIC_DATA;

function describe(arg: FunctionArgument | undefined): string {
  if (!arg) return 'nothing';
  return {
    scalar: 'a number',
    series: 'a time series',
    array: 'an array of time series',
    keyword: `the word ${'name' in arg ? arg.name : ''}`,
    string: 'a string',
  }[arg.kind];
}

function wrongArguments(name: string, expected: string, args: FunctionArgument[]): ExpressionError {
  return new ExpressionError(
    `${name} takes ${expected}; it was given ${args.map(describe).join(', ') || 'nothing'}.`,
  );
}

/** Applies a per-series function to a series or to each series of an array. */
function eachSeries(
  name: string,
  args: FunctionArgument[],
  transform: (series: Series) => Series,
): MathValue {
  const [first] = args;
  if (args.length !== 1 || !first)
    throw wrongArguments(name, 'one time series or array of time series', args);
  if (first.kind === 'series') return single(transform(first.series));
  if (first.kind === 'array') return array(first.series.map(transform));
  throw wrongArguments(name, 'one time series or array of time series', args);
}

function eachValue(name: string, args: FunctionArgument[], f: (v: number) => number): MathValue {
  const [first] = args;
  if (args.length === 1 && first?.kind === 'scalar') return scalar(f(first.value));
  return eachSeries(name, args, (s) =>
    derive(
      s,
      [...s.points].map(([t, v]) => [t, f(v)] as const),
    ),
  );
}

/** SUM, AVG, MIN, MAX: of a series, a number; of an array, a series of each timestamp's aggregate. */
function aggregateFunction(
  name: string,
  ofValues: (values: number[], seriesCount: number) => number,
): Implementation {
  return (args, context) => {
    const [first] = args;
    if (args.length === 1 && first?.kind === 'series') {
      const values = [...first.series.points.values()];
      return scalar(ofValues(values, values.length));
    }
    if (args.length === 1 && first?.kind === 'array') {
      const list = first.series;
      const base = list[0] ?? context.emptySeries();
      const points = unionTimestamps(list).map((t) => {
        const present = list.flatMap((s) => (s.points.has(t) ? [s.points.get(t) as number] : []));
        return [t, ofValues(present, list.length)] as const;
      });
      return single({ ...derive(base, points), label: '' });
    }
    throw wrongArguments(name, 'one time series or array of time series', args);
  };
}

const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);

function consecutive(
  series: Series,
  f: (previous: [number, number], current: [number, number]) => number,
): Series {
  const points = sortedPoints(series);
  return derive(
    series,
    points.slice(1).map((current, i) => [current[0], f(points[i] as [number, number], current)] as const),
  );
}

function fill(args: FunctionArgument[], context: MathContext): MathValue {
  const [target, filler] = args;
  const usage = 'a time series or array of them, then a number, a time series, REPEAT or LINEAR';
  if (args.length !== 2 || !target || !filler || (target.kind !== 'series' && target.kind !== 'array')) {
    throw wrongArguments('FILL', usage, args);
  }
  if (filler.kind === 'keyword' && filler.name !== 'REPEAT' && filler.name !== 'LINEAR') {
    throw wrongArguments('FILL', usage, args);
  }
  if (filler.kind === 'string' || filler.kind === 'array') throw wrongArguments('FILL', usage, args);
  const fillOne = (series: Series): Series => {
    context.takeFillPeriods(periodCount(series.window));
    const grid = periodStarts(series.window).map((start) => start * 1000);
    // The known value at or before each period, and at or after it, found in one pass each way.
    const before: Array<number | undefined> = [];
    let last: number | undefined;
    for (const t of grid) {
      if (series.points.has(t)) last = t;
      before.push(last);
    }
    const after: Array<number | undefined> = new Array(grid.length);
    let next: number | undefined;
    for (let i = grid.length - 1; i >= 0; i--) {
      if (series.points.has(grid[i] as number)) next = grid[i];
      after[i] = next;
    }
    const points = grid.flatMap((t, i): Array<[number, number]> => {
      const own = series.points.get(t);
      if (own !== undefined) return [[t, own]];
      if (filler.kind === 'scalar') return [[t, filler.value]];
      if (filler.kind === 'series') {
        const other = filler.series.points.get(t);
        return other === undefined ? [] : [[t, other]];
      }
      const previous = before[i];
      if (filler.name === 'REPEAT')
        return previous === undefined ? [] : [[t, series.points.get(previous) as number]];
      const following = after[i];
      if (previous === undefined || following === undefined) return [];
      const from = series.points.get(previous) as number;
      const to = series.points.get(following) as number;
      return [[t, from + ((to - from) * (t - previous)) / (following - previous)]];
    });
    return derive(series, points);
  };
  return target.kind === 'series' ? single(fillOne(target.series)) : array(target.series.map(fillOne));
}

const truthy = (v: number) => v !== 0;

/** IF(condition, whenTrue, whenFalse?), following the User Guide's table of its argument kinds. */
function conditional(args: FunctionArgument[], context: MathContext): MathValue {
  const [condition, whenTrue, whenFalse] = args;
  const usage = 'a condition, a value when true and, optionally, one when false (numbers or time series)';
  const valueKinds = ['scalar', 'series'];
  if (
    args.length < 2 ||
    args.length > 3 ||
    !condition ||
    !whenTrue ||
    !valueKinds.includes(condition.kind) ||
    !valueKinds.includes(whenTrue.kind) ||
    (whenFalse && !valueKinds.includes(whenFalse.kind))
  ) {
    throw wrongArguments('IF', usage, args);
  }
  const at = (
    arg: FunctionArgument | undefined,
    t: number,
    missing: number | undefined,
  ): number | undefined => {
    if (!arg) return undefined;
    if (arg.kind === 'scalar') return arg.value;
    return arg.kind === 'series' ? (arg.series.points.get(t) ?? missing) : undefined;
  };
  if (condition.kind === 'scalar') {
    const chosen = truthy(condition.value) ? whenTrue : whenFalse;
    return chosen && chosen.kind !== 'keyword' && chosen.kind !== 'string'
      ? chosen
      : single(context.emptySeries());
  }
  const series = (condition as { kind: 'series'; series: Series }).series;
  const points = sortedPoints(series).flatMap(([t, c]): Array<[number, number]> => {
    // True: the value, 0 where a true-series has none. False: the value, dropped where there is none.
    const value = truthy(c) ? at(whenTrue, t, 0) : at(whenFalse, t, undefined);
    return value === undefined ? [] : [[t, value]];
  });
  return single({ ...derive(series, points), label: '' });
}

const FUNCTIONS: Record<string, Implementation> = {
  SUM: aggregateFunction('SUM', sum),
  // Over an array, "Missing values are treated as 0": the sum of those present over the number of series.
  AVG: aggregateFunction('AVG', (values, seriesCount) =>
    values.length === 0 ? Number.NaN : sum(values) / seriesCount,
  ),
  MIN: aggregateFunction('MIN', (values) => (values.length === 0 ? Number.NaN : Math.min(...values))),
  MAX: aggregateFunction('MAX', (values) => (values.length === 0 ? Number.NaN : Math.max(...values))),
  METRICS: (args, context) => {
    const [filter] = args;
    if (args.length > 1 || (filter && filter.kind !== 'string'))
      throw wrongArguments('METRICS', 'nothing or a string', args);
    const text = filter?.kind === 'string' ? filter.value : '';
    return array(context.metrics().filter((s) => (s.id ?? '').includes(text)));
  },
  RATE: (args) =>
    eachSeries('RATE', args, (s) => consecutive(s, ([t0, v0], [t1, v1]) => (v1 - v0) / ((t1 - t0) / 1000))),
  DIFF: (args) => eachSeries('DIFF', args, (s) => consecutive(s, ([, v0], [, v1]) => v1 - v0)),
  RUNNING_SUM: (args) =>
    eachSeries('RUNNING_SUM', args, (s) => {
      let running = 0;
      return derive(
        s,
        sortedPoints(s).map(([t, v]) => {
          running += v;
          return [t, running] as const;
        }),
      );
    }),
  FILL: fill,
  IF: conditional,
  ABS: (args) => eachValue('ABS', args, Math.abs),
  CEIL: (args) => eachValue('CEIL', args, Math.ceil),
  FLOOR: (args) => eachValue('FLOOR', args, Math.floor),
  PERIOD: (args) => {
    const [first] = args;
    if (args.length !== 1 || first?.kind !== 'series')
      throw wrongArguments('PERIOD', 'one time series', args);
    return scalar(first.series.window.period);
  },
  DATAPOINT_COUNT: (args) => {
    const [first] = args;
    if (args.length === 1 && first?.kind === 'series') return scalar(first.series.points.size);
    if (args.length === 1 && first?.kind === 'array' && first.series[0]) {
      const list = first.series;
      const points = unionTimestamps(list).map(
        (t) => [t, list.filter((s) => s.points.has(t)).length] as const,
      );
      return single({ ...derive(first.series[0], points), label: '' });
    }
    throw wrongArguments('DATAPOINT_COUNT', 'one time series or a non-empty array of them', args);
  },
  METRIC_COUNT: (args) => {
    const [first] = args;
    if (args.length !== 1 || first?.kind !== 'array')
      throw wrongArguments('METRIC_COUNT', 'one array of time series', args);
    return scalar(first.series.length);
  },
  SEARCH: (args, context) => {
    const [query, statistic, period] = args;
    if (
      args.length < 2 ||
      args.length > 3 ||
      query?.kind !== 'string' ||
      statistic?.kind !== 'string' ||
      (period && period.kind !== 'scalar')
    ) {
      throw wrongArguments(
        'SEARCH',
        "a search query, a statistic and a period: SEARCH('{Namespace} MetricName=\"M\"', 'Sum', 60)",
        args,
      );
    }
    return array(
      context.search(query.value, statistic.value, period?.kind === 'scalar' ? period.value : undefined),
    );
  },
};

export const SERVED_FUNCTIONS = Object.keys(FUNCTIONS);

/** The function's implementation; an unknown or unserved one is refused before its arguments are evaluated. */
export function findFunction(name: string): (args: FunctionArgument[], context: MathContext) => MathValue {
  const implementation = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined;
  if (!implementation) {
    throw new ExpressionError(
      `The function ${name.slice(0, 50)} is not served by cloudwatch-local; it serves ${SERVED_FUNCTIONS.join(', ')}, ` +
        'and the operators + - * / ^ == != < > <= >= AND OR.',
    );
  }
  return implementation;
}
