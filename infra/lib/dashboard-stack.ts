import { type CompiledDirective, compileDirective } from '@cwagg/core/mapping';
import {
  CALLS_METRIC_NAME,
  FOLDED_DIMENSION,
  FOLDED_VALUES_METRIC_NAME,
  INVALID_RECORDS_METRIC_NAME,
  INVALID_VALUES_METRIC_NAME,
  REASON_DIMENSION,
  TYPE_DIMENSION,
} from '@cwagg/kinesis';
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';
import { alarmNames } from './function-stack.js';
import type { HandlerSpec } from './handlers.js';
import { publishedNamespace } from './mapping-config.js';

/** Metrics every handler publishes next to the record values (unit Count, dimension Type). */
export {
  CALLS_METRIC_NAME as PUT_METRIC_DATA_CALLS_METRIC,
  INVALID_RECORDS_METRIC_NAME as INVALID_RECORDS_METRIC,
};

export const DASHBOARD_NAME = 'cwagg';
const PERIOD = Duration.minutes(1);
const PERCENTILES = ['p50', 'p90', 'p99'] as const;
/** Mapped metrics given a row of percentiles each: the first ones; the rest are a search away in the console. */
export const MAX_DASHBOARD_MAPPED_METRICS = 4;

/** A CloudWatch search term: quoted, with quotes and backslashes escaped. */
function quoted(text: string): string {
  return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`;
}

/**
 * A SEARCH expression for the metrics of one schema (namespace and every dimension name they carry) with these
 * exact dimension values: one line per metric found, e.g. one per route.
 */
export function searchExpression(
  namespace: string,
  metricName: string,
  dimensionNames: readonly string[],
  fixed: Readonly<Record<string, string>>,
  statistic: string,
): string {
  const schema = [namespace, ...[...dimensionNames].sort()].map(quoted).join(',');
  const terms = [
    `MetricName=${quoted(metricName)}`,
    ...Object.keys(fixed)
      .sort()
      .map((name) => `${quoted(name)}=${quoted(fixed[name] as string)}`),
  ].join(' ');
  return `SEARCH('{${schema}} ${terms}', '${statistic}', ${PERIOD.toSeconds()})`;
}

export interface DashboardStackProps extends StackProps {
  readonly config: InfraConfig;
  /** Both handlers, found by their fixed function names and `Type` dimensions: no import from their stacks. */
  readonly handlers: readonly HandlerSpec[];
  /** The stream, for the records coming in. */
  readonly stream: kinesis.IStream;
}

/**
 * One dashboard that tells the story: the same records, published one call per record or aggregated,
 * give the same statistics for a fraction of the PutMetricData calls.
 */
export class DashboardStack extends Stack {
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: DashboardStackProps) {
    super(scope, id, props);
    const { config, handlers, stream } = props;
    // With METRICS the functions publish in the directive's namespace (the namespace parameter by default).
    const namespace = publishedNamespace(config);
    const mapping: CompiledDirective | undefined =
      config.metrics === undefined
        ? undefined
        : compileDirective(JSON.parse(config.metrics), {
            namespace: config.namespace,
            dimensions: { ...config.dimensions, [TYPE_DIMENSION]: 'x' },
          });

    const handlerMetric = (handler: HandlerSpec, metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({
        namespace,
        metricName,
        // The handlers put the configured dimensions and their Type on every metric they publish.
        dimensionsMap: { ...config.dimensions, [TYPE_DIMENSION]: handler.typeDimension },
        statistic,
        period: PERIOD,
        label,
      });
    const lambdaMetric = (handler: HandlerSpec, metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/Lambda',
        metricName,
        dimensionsMap: { FunctionName: handler.functionName },
        statistic,
        period: PERIOD,
        label: `${handler.kind} ${statistic}`,
      });
    const perHandler = (metricName: string, statistic: string) =>
      handlers.map((h) => handlerMetric(h, metricName, statistic, h.kind));

    const intro = new cloudwatch.TextWidget({
      width: 24,
      height: 3,
      markdown: [
        '## cwagg: the same Kinesis records, published two ways',
        `**single**: \`${handlers[0]?.functionName}\`, one PutMetricData call per record. ` +
          `**aggregated**: \`${handlers[1]?.functionName}\`, values and counts per batch. ` +
          (mapping === undefined
            ? `Both publish \`${config.metricName}\` in \`${namespace}\``
            : `Both read records with METRICS (${mapping.metrics.map((m) => `\`${m.name}\``).join(', ')}) and publish in \`${namespace}\``) +
          ', told apart by the `Type` dimension: the percentiles should match while the calls drop.' +
          (config.tumblingWindowSeconds === undefined
            ? ''
            : ` The aggregated function runs in ${config.tumblingWindowSeconds}-second tumbling windows: one call per shard and window, ` +
              'but its metrics appear when a window closes, not per batch (up to a window later than the single ones).'),
      ].join('\n\n'),
    });

    const calls = new cloudwatch.GraphWidget({
      title: 'PutMetricData calls per minute',
      left: perHandler(CALLS_METRIC_NAME, 'Sum'),
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
    });
    const callTotals = new cloudwatch.SingleValueWidget({
      title: 'PutMetricData calls in the time range',
      metrics: perHandler(CALLS_METRIC_NAME, 'Sum'),
      setPeriodToTimeRange: true,
      width: 8,
      height: 6,
    });
    /** The dimensions every mapped metric of a set carries: the set's, the fixed ones and `Type`. */
    const mappedSearch = (h: HandlerSpec, metricName: string, set: readonly number[], statistic: string) => {
      const fixed = { ...(mapping?.fixedDimensions ?? {}), [TYPE_DIMENSION]: h.typeDimension };
      const names = [...set.map((d) => mapping?.dimensions[d]?.name as string), ...Object.keys(fixed)];
      return searchExpression(namespace, metricName, names, fixed, statistic);
    };
    const firstMetric = mapping?.metrics[0]?.name ?? config.metricName;
    const firstSet = mapping?.dimensionSets[0] ?? [];
    const firstSetNames = firstSet.map((d) => mapping?.dimensions[d]?.name).join(', ') || 'no dimension';
    const valuesPublished = new cloudwatch.GraphWidget({
      title: 'Records in, values published per minute',
      left: [
        stream.metricIncomingRecords({ statistic: 'Sum', period: PERIOD, label: 'records into the stream' }),
        ...handlers.map((h) =>
          mapping === undefined
            ? handlerMetric(h, config.metricName, 'SampleCount', `${h.kind} values`)
            : new cloudwatch.MathExpression({
                expression: `SUM(${mappedSearch(h, firstMetric, firstSet, 'SampleCount')})`,
                usingMetrics: {},
                period: PERIOD,
                label: `${h.kind} ${firstMetric} values (by ${firstSetNames})`,
              }),
        ),
      ],
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
    });

    const percentileRow = (metricName: string, set: readonly number[], setNames: string) =>
      handlers.map(
        (h) =>
          new cloudwatch.GraphWidget({
            title: `${metricName} p50 / p90 / p99${mapping === undefined ? '' : ` by ${setNames}`}: ${h.title}`,
            left: PERCENTILES.map((p) =>
              mapping === undefined
                ? handlerMetric(h, metricName, p, p)
                : new cloudwatch.MathExpression({
                    expression: mappedSearch(h, metricName, set, p),
                    usingMetrics: {},
                    period: PERIOD,
                    label: p,
                  }),
            ),
            width: 24 / handlers.length,
            height: 6,
          }),
      );
    const percentileRows =
      mapping === undefined
        ? [percentileRow(config.metricName, [], '')]
        : mapping.metrics
            .slice(0, MAX_DASHBOARD_MAPPED_METRICS)
            .map((metric) => percentileRow(metric.name, firstSet, firstSetNames));

    const selfSearch = (h: HandlerSpec, metricName: string, dimension: string) =>
      new cloudwatch.MathExpression({
        expression: searchExpression(
          namespace,
          metricName,
          [...Object.keys(config.dimensions), TYPE_DIMENSION, dimension],
          { ...config.dimensions, [TYPE_DIMENSION]: h.typeDimension },
          'Sum',
        ),
        usingMetrics: {},
        period: PERIOD,
        label: `${h.kind} ${metricName}`,
      });
    const invalid = new cloudwatch.GraphWidget({
      title:
        mapping === undefined
          ? 'Invalid records per minute'
          : 'Invalid records, values set aside (by Reason) and folded (by Dimension) per minute',
      left: perHandler(INVALID_RECORDS_METRIC_NAME, 'Sum'),
      ...(mapping === undefined
        ? {}
        : {
            right: handlers.flatMap((h) => [
              selfSearch(h, INVALID_VALUES_METRIC_NAME, REASON_DIMENSION),
              selfSearch(h, FOLDED_VALUES_METRIC_NAME, FOLDED_DIMENSION),
            ]),
            rightYAxis: { min: 0 },
          }),
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
    });
    const duration = new cloudwatch.GraphWidget({
      title: 'Lambda duration (ms)',
      left: handlers.flatMap((h) => [
        lambdaMetric(h, 'Duration', 'p50'),
        lambdaMetric(h, 'Duration', 'Maximum'),
      ]),
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
    });
    const errors = new cloudwatch.GraphWidget({
      title: 'Lambda errors and invocations',
      left: handlers.map((h) => lambdaMetric(h, 'Errors', 'Sum')),
      right: handlers.map((h) => lambdaMetric(h, 'Invocations', 'Sum')),
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
      rightYAxis: { min: 0 },
    });

    const iteratorAge = new cloudwatch.GraphWidget({
      title: 'Iterator age (ms): how far behind the stream',
      left: handlers.map((h) => lambdaMetric(h, 'IteratorAge', 'Maximum')),
      width: 12,
      height: 6,
      leftYAxis: { min: 0 },
    });
    const alarms = new cloudwatch.AlarmStatusWidget({
      title: 'Alarms',
      alarms: handlers.flatMap((h) => {
        const names = alarmNames(h);
        return [
          cloudwatch.Alarm.fromAlarmName(this, `${h.kind}IteratorAgeAlarm`, names.iteratorAge),
          cloudwatch.Alarm.fromAlarmName(this, `${h.kind}FailedRecordsAlarm`, names.failedRecords),
        ];
      }),
      width: 12,
      height: 6,
    });

    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      dashboardName: DASHBOARD_NAME,
      defaultInterval: Duration.hours(1),
      widgets: [
        [intro],
        [calls, callTotals, valuesPublished],
        ...percentileRows,
        [invalid, duration, errors],
        [iteratorAge, alarms],
      ],
    });

    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${DASHBOARD_NAME}`,
    });
  }
}
