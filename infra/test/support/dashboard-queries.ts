/**
 * A CloudWatch dashboard body's metric widgets as the GetMetricData queries that draw them, following the
 * dashboard body structure: each line of `metrics` is `[Namespace, MetricName, DimensionName, Value, ...,
 * {options}]`, where "." repeats the line above at that position, or `[{ expression, label?, id? }]` for
 * metric math; the widget's `stat` and `period` are the defaults of its lines, and `setPeriodToTimeRange`
 * makes one period of the whole time range.
 */
import type { MetricDataQuery } from '@aws-sdk/client-cloudwatch';

export interface DashboardWidget {
  type: string;
  properties: {
    title?: string;
    view?: string;
    stat?: string;
    period?: number;
    setPeriodToTimeRange?: boolean;
    metrics?: unknown[][];
  };
}

export interface WidgetQueries {
  title: string;
  queries: MetricDataQuery[];
}

interface LineOptions {
  stat?: string;
  period?: number;
  label?: string;
  id?: string;
  visible?: boolean;
  expression?: string;
}

const DEFAULT_STAT = 'Average';
const DEFAULT_PERIOD = 300;

/**
 * The queries of every metric widget (text and alarm widgets draw no metric). `resolve` turns the
 * placeholders a synthesized template leaves for CloudFormation references into the values the run used.
 */
export function widgetQueries(
  widgets: readonly DashboardWidget[],
  rangeSeconds: number,
  resolve: (value: string) => string = (value) => value,
): WidgetQueries[] {
  return widgets
    .filter((widget) => widget.type === 'metric' && widget.properties.metrics)
    .map((widget, w) => {
      const { properties } = widget;
      const period = properties.setPeriodToTimeRange
        ? Math.ceil(rangeSeconds / 60) * 60
        : (properties.period ?? DEFAULT_PERIOD);
      let previous: unknown[] = [];
      const queries = (properties.metrics ?? []).map((line, i): MetricDataQuery => {
        const last = line[line.length - 1];
        const options: LineOptions = last !== null && typeof last === 'object' ? (last as LineOptions) : {};
        const fields = options === last ? line.slice(0, -1) : line;
        const id = options.id ?? `w${w}_${i}`;
        const returnData = options.visible !== false;
        if (options.expression !== undefined) {
          return { Id: id, Expression: options.expression, Label: options.label, ReturnData: returnData };
        }
        const values = fields.map((field, f) => resolve(String(field === '.' ? previous[f] : field)));
        previous = values;
        const [namespace, metricName, ...dimensionPairs] = values;
        const dimensions = [];
        for (let d = 0; d + 1 < dimensionPairs.length; d += 2) {
          dimensions.push({ Name: dimensionPairs[d] as string, Value: dimensionPairs[d + 1] as string });
        }
        return {
          Id: id,
          Label: options.label,
          ReturnData: returnData,
          MetricStat: {
            Metric: { Namespace: namespace, MetricName: metricName, Dimensions: dimensions },
            Stat: options.stat ?? properties.stat ?? DEFAULT_STAT,
            Period: properties.setPeriodToTimeRange ? period : (options.period ?? period),
          },
        };
      });
      return { title: properties.title ?? `widget ${w}`, queries };
    });
}
