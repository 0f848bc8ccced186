/**
 * A small description of the request and response shapes of the operations we serve. Both wire codecs are
 * driven by it: the JSON 1.0 codec to coerce types (NaN arrives as the string "NaN"), the Query codec to know
 * which form keys are lists (`.member.N`) and maps (`.entry.N.key`), and both to write timestamps their way.
 */
export type Shape =
  | { kind: 'string' }
  | { kind: 'double' }
  | { kind: 'integer' }
  | { kind: 'boolean' }
  /** Epoch milliseconds inside the service; epoch seconds on the JSON wire, ISO 8601 in Query/XML. */
  | { kind: 'timestamp' }
  | { kind: 'list'; member: Shape }
  | { kind: 'map'; value: Shape }
  | { kind: 'struct'; members: Record<string, Shape>; required?: readonly string[] };

export const str: Shape = { kind: 'string' };
export const double: Shape = { kind: 'double' };
export const integer: Shape = { kind: 'integer' };
export const boolean: Shape = { kind: 'boolean' };
export const timestamp: Shape = { kind: 'timestamp' };
export const list = (member: Shape): Shape => ({ kind: 'list', member });
export const map = (value: Shape): Shape => ({ kind: 'map', value });
export const struct = (members: Record<string, Shape>, required: readonly string[] = []): Shape => ({
  kind: 'struct',
  members,
  required,
});

const dimension = struct({ Name: str, Value: str }, ['Name', 'Value']);
const dimensionFilter = struct({ Name: str, Value: str }, ['Name']);
const metric = struct({ Namespace: str, MetricName: str, Dimensions: list(dimension) });

const metricDatum = struct(
  {
    MetricName: str,
    Dimensions: list(dimension),
    Timestamp: timestamp,
    Value: double,
    StatisticValues: struct({ SampleCount: double, Sum: double, Minimum: double, Maximum: double }, [
      'SampleCount',
      'Sum',
      'Minimum',
      'Maximum',
    ]),
    Values: list(double),
    Counts: list(double),
    Unit: str,
    StorageResolution: integer,
  },
  ['MetricName'],
);

const entityMetricData = struct({
  Entity: struct({ KeyAttributes: map(str), Attributes: map(str) }),
  MetricData: list(metricDatum),
});

export const putMetricDataInput = struct(
  {
    Namespace: str,
    MetricData: list(metricDatum),
    EntityMetricData: list(entityMetricData),
    StrictEntityValidation: boolean,
  },
  ['Namespace'],
);
export const putMetricDataOutput = struct({});

export const getMetricStatisticsInput = struct(
  {
    Namespace: str,
    MetricName: str,
    Dimensions: list(dimension),
    StartTime: timestamp,
    EndTime: timestamp,
    Period: integer,
    Statistics: list(str),
    ExtendedStatistics: list(str),
    Unit: str,
  },
  ['Namespace', 'MetricName', 'StartTime', 'EndTime', 'Period'],
);
export const getMetricStatisticsOutput = struct({
  Label: str,
  Datapoints: list(
    struct({
      Timestamp: timestamp,
      SampleCount: double,
      Average: double,
      Sum: double,
      Minimum: double,
      Maximum: double,
      Unit: str,
      ExtendedStatistics: map(double),
    }),
  ),
});

export const getMetricDataInput = struct(
  {
    MetricDataQueries: list(
      struct(
        {
          Id: str,
          MetricStat: struct({ Metric: metric, Period: integer, Stat: str, Unit: str }, [
            'Metric',
            'Period',
            'Stat',
          ]),
          Expression: str,
          Label: str,
          ReturnData: boolean,
          Period: integer,
          AccountId: str,
        },
        ['Id'],
      ),
    ),
    StartTime: timestamp,
    EndTime: timestamp,
    NextToken: str,
    ScanBy: str,
    MaxDatapoints: integer,
    LabelOptions: struct({ Timezone: str }),
  },
  ['MetricDataQueries', 'StartTime', 'EndTime'],
);
const messageData = struct({ Code: str, Value: str });
export const getMetricDataOutput = struct({
  MetricDataResults: list(
    struct({
      Id: str,
      Label: str,
      Timestamps: list(timestamp),
      Values: list(double),
      StatusCode: str,
      Messages: list(messageData),
    }),
  ),
  NextToken: str,
  Messages: list(messageData),
});

export const listMetricsInput = struct({
  Namespace: str,
  MetricName: str,
  Dimensions: list(dimensionFilter),
  NextToken: str,
  RecentlyActive: str,
  IncludeLinkedAccounts: boolean,
  OwningAccount: str,
});
export const listMetricsOutput = struct({
  Metrics: list(metric),
  NextToken: str,
  OwningAccounts: list(str),
});
