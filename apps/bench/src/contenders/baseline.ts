/**
 * The original sample's approach, written plainly as it did it: Node's base64 decoder and parseFloat per
 * record, counts in a Map, Values/Counts datums of at most 150 values, one request per batch. No validation
 * beyond skipping what does not parse, no size accounting.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import { MAX_DATUMS_PER_REQUEST, MAX_VALUES_PER_DATUM } from '@cwagg/core/limits';
import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import type { OutputSink } from '../output.js';
import {
  type KeyedBatch,
  KINESIS_METRIC_NAME,
  KINESIS_NAMESPACE,
  type KinesisEvent,
  MANY_METRICS_KEYS,
  MANY_METRICS_NAMESPACE,
  type WorkloadSpec,
} from '../workloads.js';
import { plainDecode } from './plain-decode.js';
import type { Contender } from './types.js';

export type DatumIdentity = Pick<MetricDatum, 'MetricName' | 'Dimensions' | 'Unit'>;

/** One metric's counts as Values/Counts datums of at most 150 values each. */
export function datumsOf(
  identity: DatumIdentity,
  counts: Map<number, number>,
  timestamp: Date,
): MetricDatum[] {
  const datums: MetricDatum[] = [];
  let values: number[] = [];
  let valueCounts: number[] = [];
  for (const [value, count] of counts) {
    values.push(value);
    valueCounts.push(count);
    if (values.length === MAX_VALUES_PER_DATUM) {
      datums.push({ ...identity, Timestamp: timestamp, Values: values, Counts: valueCounts });
      values = [];
      valueCounts = [];
    }
  }
  if (values.length > 0)
    datums.push({ ...identity, Timestamp: timestamp, Values: values, Counts: valueCounts });
  return datums;
}

export function send(namespace: string, datums: MetricDatum[], sink: OutputSink): number {
  let requests = 0;
  for (let i = 0; i < datums.length; i += MAX_DATUMS_PER_REQUEST) {
    sink.request({ Namespace: namespace, MetricData: datums.slice(i, i + MAX_DATUMS_PER_REQUEST) });
    requests++;
  }
  return requests;
}

/** The sample's one metric: the aggregated handler's metric name and Type dimension. */
export const SAMPLE_IDENTITY: DatumIdentity = {
  MetricName: KINESIS_METRIC_NAME,
  Dimensions: [{ Name: TYPE_DIMENSION, Value: TYPE_BY_KIND.aggregated }],
  Unit: 'None',
};

/** Counts `value` unless it did not parse, as the sample skipped it. */
export function countParsed(counts: Map<number, number>, value: number): void {
  if (!Number.isNaN(value)) counts.set(value, (counts.get(value) ?? 0) + 1);
}

export function baselineKinesis(_spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  return {
    process(event) {
      const counts = new Map<number, number>();
      for (const record of event.Records) countParsed(counts, plainDecode(record));
      return send(KINESIS_NAMESPACE, datumsOf(SAMPLE_IDENTITY, counts, new Date()), sink);
    },
  };
}

export function baselineKeyed(_spec: WorkloadSpec, sink: OutputSink): Contender<KeyedBatch> {
  return {
    process({ keys, values }) {
      const series = new Map<string, { identity: DatumIdentity; counts: Map<number, number> }>();
      for (let i = 0; i < keys.length; i++) {
        const metric = MANY_METRICS_KEYS[keys[i] as number] as (typeof MANY_METRICS_KEYS)[number];
        const key = metric.name + JSON.stringify(metric.dimensions);
        let entry = series.get(key);
        if (entry === undefined) {
          const dimensions = Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
          entry = {
            identity: { MetricName: metric.name, Dimensions: dimensions, Unit: 'Milliseconds' },
            counts: new Map(),
          };
          series.set(key, entry);
        }
        const value = values[i] as number;
        entry.counts.set(value, (entry.counts.get(value) ?? 0) + 1);
      }
      const timestamp = new Date();
      const datums = [...series.values()].flatMap(({ identity, counts }) =>
        datumsOf(identity, counts, timestamp),
      );
      return send(MANY_METRICS_NAMESPACE, datums, sink);
    },
  };
}
