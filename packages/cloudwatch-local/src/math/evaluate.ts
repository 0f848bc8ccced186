/**
 * Evaluates a metric math syntax tree to a number, a time series or an array of them, with the rules of
 * the User Guide's "Metric math syntax and functions":
 *
 * - Between two time series, operators work on every timestamp either has: "Missing values in a time
 *   series are treated as 0"; a value the operation cannot compute ("divide by zero") is dropped.
 * - Comparisons give 1 or 0 for each timestamp; AND and OR take any value other than 0 as true.
 * - An operator between an array of time series and a series or number works on each series of the array.
 */
import { type FunctionArgument, findFunction } from './functions.js';
import { ExpressionError, type Node } from './parse.js';
import { array, derive, type MathValue, type Series, scalar, single, unionTimestamps } from './series.js';

/** What an expression can reach beyond itself. */
export interface MathContext {
  /** The value of another query of the request, by Id. */
  reference(id: string): MathValue;
  /** The series of every MetricStat query of the request, in request order (METRICS()). */
  metrics(): Series[];
  /** The series a SEARCH(query, statistic, period) finds. */
  search(query: string, statistic: string, period: number | undefined): Series[];
  /** The series an empty result lies on (SUM of an empty array). */
  emptySeries(): Series;
  /** Counts periods FILL is about to fill against the request's budget (MAX_FILL_PERIODS); throws past it. */
  takeFillPeriods(count: number): void;
  /** Counts the points an operation produced against the request's budget (MAX_MATH_POINTS); throws past it. */
  takePoints(count: number): void;
}

function apply(op: string, x: number, y: number): number {
  switch (op) {
    case '+':
      return x + y;
    case '-':
      return x - y;
    case '*':
      return x * y;
    case '/':
      // "If the value of a data point causes a function to attempt to divide by zero, the data point is dropped."
      return y === 0 ? Number.NaN : x / y;
    case '^':
      return x ** y;
    case '==':
      return Number(x === y);
    case '!=':
      return Number(x !== y);
    case '<':
      return Number(x < y);
    case '>':
      return Number(x > y);
    case '<=':
      return Number(x <= y);
    case '>=':
      return Number(x >= y);
    case 'AND':
      return Number(x !== 0 && y !== 0);
    case 'OR':
      return Number(x !== 0 || y !== 0);
    default:
      throw new ExpressionError(`Unknown operator ${op}.`);
  }
}

function combineSeries(op: string, left: Series, right: Series): Series {
  const points = unionTimestamps([left, right]).map(
    (t) => [t, apply(op, left.points.get(t) ?? 0, right.points.get(t) ?? 0)] as const,
  );
  return derive(left, points);
}

export function combine(op: string, left: MathValue, right: MathValue): MathValue {
  if (left.kind === 'array' && right.kind === 'array') {
    throw new ExpressionError(`The operator ${op} takes at most one array of time series.`);
  }
  if (left.kind === 'array') {
    return array(left.series.map((s) => asSeries(combine(op, single(s), right))));
  }
  if (right.kind === 'array') {
    return array(right.series.map((s) => asSeries(combine(op, left, single(s)))));
  }
  if (left.kind === 'scalar' && right.kind === 'scalar') return scalar(apply(op, left.value, right.value));
  if (left.kind === 'series' && right.kind === 'series')
    return single(combineSeries(op, left.series, right.series));
  if (left.kind === 'series' && right.kind === 'scalar') {
    const points = [...left.series.points].map(([t, v]) => [t, apply(op, v, right.value)] as const);
    return single(derive(left.series, points));
  }
  const series = (right as { kind: 'series'; series: Series }).series;
  const value = (left as { kind: 'scalar'; value: number }).value;
  return single(
    derive(
      series,
      [...series.points].map(([t, v]) => [t, apply(op, value, v)] as const),
    ),
  );
}

function asSeries(value: MathValue): Series {
  if (value.kind !== 'series') throw new ExpressionError('Expected a time series.');
  return value.series;
}

function evaluateArgument(node: Node, context: MathContext): FunctionArgument {
  if (node.type === 'keyword') return { kind: 'keyword', name: node.name };
  if (node.type === 'string') return { kind: 'string', value: node.value };
  return evaluate(node, context);
}

function pointsOf(value: MathValue): number {
  if (value.kind === 'scalar') return 1;
  if (value.kind === 'series') return value.series.points.size;
  return value.series.reduce((sum, s) => sum + s.points.size, 0);
}

/** Evaluates a node; what each operation produces counts against the request's budget of points. */
export function evaluate(node: Node, context: MathContext): MathValue {
  const value = evaluateNode(node, context);
  if (node.type !== 'number' && node.type !== 'ref') context.takePoints(pointsOf(value));
  return value;
}

function evaluateNode(node: Node, context: MathContext): MathValue {
  switch (node.type) {
    case 'number':
      return scalar(node.value);
    case 'ref':
      return context.reference(node.id);
    case 'keyword':
      throw new ExpressionError(
        `${node.name} is not a value: Ids start with a lowercase letter, and functions are called with parentheses.`,
      );
    case 'string':
      throw new ExpressionError(
        `The string "${node.value.slice(0, 100)}" can only be a function's argument.`,
      );
    case 'negate':
      return combine('*', scalar(-1), evaluate(node.operand, context));
    case 'binary':
      return combine(node.op, evaluate(node.left, context), evaluate(node.right, context));
    case 'list': {
      const series: Series[] = [];
      for (const item of node.items) {
        const value = evaluate(item, context);
        if (value.kind === 'scalar')
          throw new ExpressionError('A list [...] holds time series, not numbers.');
        series.push(...(value.kind === 'series' ? [value.series] : value.series));
      }
      return array(series);
    }
    case 'call': {
      const implementation = findFunction(node.name);
      return implementation(
        node.args.map((arg) => evaluateArgument(arg, context)),
        context,
      );
    }
  }
}
