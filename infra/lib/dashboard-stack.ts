import { CALLS_METRIC_NAME, INVALID_RECORDS_METRIC_NAME, TYPE_DIMENSION } from '@cwagg/kinesis';
import { Aws, CfnOutput, Duration, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import type * as kinesis from 'aws-cdk-lib/aws-kinesis';
import type { Construct } from 'constructs';
import type { InfraConfig } from './config.js';
import { alarmNames } from './function-stack.js';
import type { HandlerSpec } from './handlers.js';

/** Metrics every handler publishes next to the record values (unit Count, dimension Type). */
export {
  CALLS_METRIC_NAME as PUT_METRIC_DATA_CALLS_METRIC,
  INVALID_RECORDS_METRIC_NAME as INVALID_RECORDS_METRIC,
};

export const DASHBOARD_NAME = 'cwagg';
const PERIOD = Duration.minutes(1);
const PERCENTILES = ['p50', 'p90', 'p99'] as const;

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

    const handlerMetric = (handler: HandlerSpec, metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({
        namespace: config.namespace,
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
          `Both publish \`${config.metricName}\` in \`${config.namespace}\`, told apart by the \`Type\` dimension: ` +
          'the percentiles should match while the calls drop.',
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
    const valuesPublished = new cloudwatch.GraphWidget({
      title: 'Records in, values published per minute',
      left: [
        stream.metricIncomingRecords({ statistic: 'Sum', period: PERIOD, label: 'records into the stream' }),
        ...handlers.map((h) => handlerMetric(h, config.metricName, 'SampleCount', `${h.kind} values`)),
      ],
      width: 8,
      height: 6,
      leftYAxis: { min: 0 },
    });

    const percentiles = handlers.map(
      (h) =>
        new cloudwatch.GraphWidget({
          title: `${config.metricName} p50 / p90 / p99: ${h.title}`,
          left: PERCENTILES.map((p) => handlerMetric(h, config.metricName, p, p)),
          width: 24 / handlers.length,
          height: 6,
        }),
    );

    const invalid = new cloudwatch.GraphWidget({
      title: 'Invalid records per minute',
      left: perHandler(INVALID_RECORDS_METRIC_NAME, 'Sum'),
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
        percentiles,
        [invalid, duration, errors],
        [iteratorAge, alarms],
      ],
    });

    new CfnOutput(this, 'DashboardUrl', {
      value: `https://${Aws.REGION}.console.aws.amazon.com/cloudwatch/home?region=${Aws.REGION}#dashboards/dashboard/${DASHBOARD_NAME}`,
    });
  }
}
