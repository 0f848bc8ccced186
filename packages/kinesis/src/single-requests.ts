/**
 * The baseline's requests: one PutMetricData per valid value, in the lean form the original sample used
 * (`Value`). With a mapping, a value is one value under one dimension set: a record with two metrics and two
 * sets costs four calls. The handler's own counts (invalid records; with a mapping, values set aside and
 * values folded) have no request of their own: each rides with the request of the next valid value (trailing
 * ones with the last), and a failed request is reported at the earliest record it carries, so a retry never
 * loses a count.
 */

import type { MetricDatum as SdkMetricDatum } from '@aws-sdk/client-cloudwatch';
import type { MetricDefinition, PublishableRequest } from '@cwagg/core';
import { STANDARD_RESOLUTION, timestampProblem } from '@cwagg/core/limits';
import {
  type DecodedBatch,
  type InvalidRecord,
  recordFrom,
  recordOfValue,
  type SetAsideValue,
  timeOfValue,
} from './batch.js';
import type { HandlerConfig } from './config.js';
import { OUTSIDE_TIME_WINDOW, SelfMetrics } from './self-metrics.js';

export interface SingleRequest {
  request: PublishableRequest;
  /** The earliest Kinesis record whose data this request carries: where Lambda must resume if it fails. */
  reportRecord: number;
}

export interface SinglePlan {
  requests: SingleRequest[];
  invalid: InvalidRecord[];
  /** With a mapping: values not published, with their reasons. */
  setAside: SetAsideValue[];
  values: number;
}

/** A count of the handler's own, for the record it belongs to. */
interface Carried {
  recordIndex: number;
  metric: MetricDefinition;
}

function sortedDimensions(metric: MetricDefinition): { Name: string; Value: string }[] {
  const dimensions = metric.dimensions ?? {};
  return Object.keys(dimensions)
    .sort()
    .map((name) => ({ Name: name, Value: dimensions[name] as string }));
}

export function planSingleRequests(batch: DecodedBatch, config: HandlerConfig, now: number): SinglePlan {
  const self = SelfMetrics.of(config);
  const minuteStart = new Date(Math.floor(now / 60_000) * 60_000);
  const countDatum = (metric: MetricDefinition, value: number): SdkMetricDatum => ({
    MetricName: metric.name,
    Dimensions: sortedDimensions(metric),
    Timestamp: minuteStart,
    Value: value,
    Unit: 'Count',
  });
  const callsDatum = countDatum(self.calls, 1);
  const { mapped } = batch;
  const seriesOf = (valueIndex: number) =>
    mapped === undefined
      ? { namespace: config.namespace, definition: config.metric }
      : (mapped.series[mapped.valueSeries[valueIndex] as number] as (typeof mapped.series)[number]);

  const invalid = [...batch.invalid];
  const setAside = [...(mapped?.setAside ?? [])];
  const accepted: { valueIndex: number; recordIndex: number; bucketStart: number }[] = [];
  const refused = new Set<number>();
  let record = 0;
  for (let i = 0; i < batch.valueCount; i++) {
    record = recordFrom(batch, record, i);
    const at = timeOfValue(batch, i, record);
    const periodMs = (seriesOf(i).definition.storageResolution ?? STANDARD_RESOLUTION) * 1000;
    const bucketStart = Math.floor(at / periodMs) * periodMs;
    const problem = timestampProblem(bucketStart, now, at);
    if (problem === undefined) {
      accepted.push({ valueIndex: i, recordIndex: record, bucketStart });
      continue;
    }
    refused.add(i);
    if (mapped === undefined) {
      invalid.push({ recordIndex: record, sequenceNumber: batch.sequenceNumberOf(record), reason: problem });
    } else {
      setAside.push({ recordIndex: record, reason: OUTSIDE_TIME_WINDOW, detail: problem });
    }
  }
  invalid.sort((a, b) => a.recordIndex - b.recordIndex);
  setAside.sort((a, b) => a.recordIndex - b.recordIndex);

  // The counts, record by record: each rides with the first request at or after its record.
  const carried: Carried[] = [
    ...invalid.map(({ recordIndex }) => ({ recordIndex, metric: self.invalidRecords })),
    ...setAside.map(({ recordIndex, reason }) => ({ recordIndex, metric: self.invalidValues(reason) })),
    ...(mapped?.folded ?? [])
      .filter(({ valueIndex }) => !refused.has(valueIndex))
      .map(({ valueIndex, dimension }) => ({
        recordIndex: recordOfValue(batch, valueIndex),
        metric: self.folded(dimension),
      })),
  ].sort((a, b) => a.recordIndex - b.recordIndex);
  /** The counts of `entries` as datums: one per metric, in the order they first appear. */
  const countData = (entries: readonly Carried[]): SdkMetricDatum[] => {
    const counts = new Map<MetricDefinition, number>();
    for (const { metric } of entries) counts.set(metric, (counts.get(metric) ?? 0) + 1);
    return [...counts].map(([metric, count]) => countDatum(metric, count));
  };

  const requests: SingleRequest[] = [];
  let next = 0;
  for (const [k, { valueIndex, recordIndex, bucketStart }] of accepted.entries()) {
    const isLast = k === accepted.length - 1;
    const from = next;
    while (next < carried.length && (isLast || (carried[next] as Carried).recordIndex <= recordIndex)) next++;
    const riding = carried.slice(from, next);
    const reportRecord = Math.min(recordIndex, riding[0]?.recordIndex ?? recordIndex);
    const { namespace, definition } = seriesOf(valueIndex);
    const valueDatum: SdkMetricDatum = {
      MetricName: definition.name,
      Dimensions: sortedDimensions(definition),
      Timestamp: new Date(bucketStart),
      Value: batch.values[valueIndex] as number,
    };
    if (definition.unit !== undefined) valueDatum.Unit = definition.unit;
    const resolution = definition.storageResolution ?? STANDARD_RESOLUTION;
    if (resolution !== STANDARD_RESOLUTION) valueDatum.StorageResolution = resolution;
    requests.push({
      request: { Namespace: namespace, MetricData: [valueDatum, callsDatum, ...countData(riding)] },
      reportRecord,
    });
  }
  if (accepted.length === 0 && carried.length > 0) {
    // Nothing valid to carry the counts: they take a call of their own.
    requests.push({
      request: { Namespace: config.namespace, MetricData: [callsDatum, ...countData(carried)] },
      reportRecord: (carried[0] as Carried).recordIndex,
    });
  }
  return { requests, invalid, setAside, values: accepted.length };
}
