/**
 * The values of a GetMetricData request's queries: a MetricStat query is one metric's statistic per
 * period; an Expression is metric math over the other queries (by Id, in any order, a cycle refused) or a
 * SEARCH of the stored metrics. Each query is evaluated once, when first needed.
 */
import { MAX_SEARCH_RESULTS } from '../limits.js';
import { evaluate, type MathContext } from '../math/evaluate.js';
import { MAX_FILL_PERIODS } from '../math/functions.js';
import { ExpressionError, type Node } from '../math/parse.js';
import { parseSearchQuery, searchMatches } from '../math/search.js';
import type { MathValue, Series } from '../math/series.js';
import { queryWindow } from '../query-window.js';
import { parseStatistic, STATISTICS_HELP } from '../statistic-names.js';
import type { MetricStore } from '../store.js';
import { metricSeries } from './metric-series.js';
import type { GetMetricDataInput, MetricDataQueryInput } from './types.js';
import { checkPeriod } from './validate.js';

/** A query as checked by get-metric-data.ts: a metric's statistic, or a parsed expression. */
export type CheckedQuery =
  | {
      kind: 'metric';
      query: MetricDataQueryInput;
      identity: { namespace: string; metricName: string; dimensions: Array<{ Name: string; Value: string }> };
      stat: NonNullable<ReturnType<typeof parseStatistic>>;
    }
  | { kind: 'expression'; query: MetricDataQueryInput; tree: Node };

/**
 * Points metric math may produce in one request: two million take about a second, and are more than a
 * dashboard of 500 series of 1,440 points needs. `m1 + m1 + ...` over a metric of 500,000 stored seconds,
 * 1,000 times in 2,048 characters, would otherwise run for minutes while nobody else is answered.
 */
export const MAX_MATH_POINTS = 2_000_000;

/** The period an expression's own series lie on when nothing else gives one (SEARCH without a period). */
const DEFAULT_EXPRESSION_PERIOD = 60;

export class QueryEvaluation implements MathContext {
  private readonly values = new Map<string, MathValue | 'evaluating'>();
  private readonly byId: Map<string, CheckedQuery>;
  /** The expression being evaluated, for its period. */
  private current: MetricDataQueryInput | undefined;
  /** Periods FILL has filled, and points math has produced, in this request so far. */
  private filled = 0;
  private produced = 0;

  constructor(
    private readonly queries: readonly CheckedQuery[],
    private readonly input: GetMetricDataInput,
    private readonly store: MetricStore,
    private readonly nowMs: number,
  ) {
    this.byId = new Map(queries.map((checked) => [checked.query.Id, checked]));
  }

  /** The value of the query with this Id. */
  valueOf(id: string): MathValue {
    const known = this.values.get(id);
    if (known === 'evaluating') throw new ExpressionError(`The expression of ${id} depends on itself.`);
    if (known) return known;
    const checked = this.byId.get(id);
    if (!checked) throw new ExpressionError(`No query has the Id ${id.slice(0, 100)}.`);
    this.values.set(id, 'evaluating');
    const outer = this.current;
    try {
      if (checked.kind === 'expression') this.current = checked.query;
      const value =
        checked.kind === 'metric'
          ? { kind: 'series' as const, series: this.metricSeries(checked) }
          : evaluate(checked.tree, this);
      this.values.set(id, value);
      return value;
    } catch (error) {
      this.values.delete(id);
      if (
        error instanceof ExpressionError &&
        checked.kind === 'expression' &&
        !error.message.startsWith('In ')
      ) {
        throw new ExpressionError(
          `In the expression of ${id} (${checked.query.Expression?.slice(0, 200)}): ${error.message}`,
        );
      }
      throw error;
    } finally {
      this.current = outer;
    }
  }

  private metricSeries(checked: Extract<CheckedQuery, { kind: 'metric' }>): Series {
    const stat = checked.query.MetricStat as NonNullable<MetricDataQueryInput['MetricStat']>;
    const series = metricSeries(
      this.store.get(checked.identity),
      {
        stat: checked.stat,
        period: stat.Period,
        unit: stat.Unit,
        startMs: this.input.StartTime,
        endMs: this.input.EndTime,
        nowMs: this.nowMs,
      },
      checked.query.Label ?? checked.identity.metricName,
    );
    return { ...series, id: checked.query.Id };
  }

  reference(id: string): MathValue {
    return this.valueOf(id);
  }

  metrics(): Series[] {
    return this.queries.flatMap((checked) => {
      if (checked.kind !== 'metric') return [];
      const value = this.valueOf(checked.query.Id);
      return value.kind === 'series' ? [value.series] : [];
    });
  }

  takeFillPeriods(count: number): void {
    this.filled += count;
    if (this.filled > MAX_FILL_PERIODS) {
      throw new ExpressionError(
        `FILL would fill ${this.filled} periods in this request; cloudwatch-local fills at most ${MAX_FILL_PERIODS} ` +
          '(the datapoints one GetMetricData returns): shorten the time range, lengthen the period or fill fewer series.',
      );
    }
  }

  takePoints(count: number): void {
    this.produced += count;
    if (this.produced > MAX_MATH_POINTS) {
      throw new ExpressionError(
        `The expressions of this request would compute more than ${MAX_MATH_POINTS} points, the most ` +
          'cloudwatch-local computes for one GetMetricData: shorten the time range or lengthen the period.',
      );
    }
  }

  emptySeries(): Series {
    const period = this.current?.Period ?? DEFAULT_EXPRESSION_PERIOD;
    return {
      label: '',
      points: new Map(),
      window: queryWindow(this.input.StartTime, this.input.EndTime, period, this.nowMs),
      messages: [],
    };
  }

  search(text: string, statistic: string, period: number | undefined): Series[] {
    const query = parseSearchQuery(text);
    const stat = parseStatistic(statistic);
    if (!stat)
      throw new ExpressionError(
        `SEARCH: ${statistic.slice(0, 100)} is not a statistic; use one of ${STATISTICS_HELP}.`,
      );
    const searchPeriod = period ?? this.current?.Period;
    if (searchPeriod === undefined)
      throw new ExpressionError('SEARCH needs a period: SEARCH(query, statistic, period).');
    checkPeriod('SEARCH period', searchPeriod, 'ValidationError');
    const found = this.store.sorted().filter((metric) => searchMatches(query, metric));
    return found.slice(0, MAX_SEARCH_RESULTS).map((metric) =>
      metricSeries(
        metric,
        {
          stat,
          period: searchPeriod,
          startMs: this.input.StartTime,
          endMs: this.input.EndTime,
          nowMs: this.nowMs,
        },
        [metric.metricName, ...metric.dimensions.map((d) => d.Value)].join(' '),
      ),
    );
  }
}
