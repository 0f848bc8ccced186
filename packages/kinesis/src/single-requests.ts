/**
 * The baseline's requests: one PutMetricData per valid value, in the lean form the original sample used
 * (`Value`). Invalid records have no request of their own, so each one's count rides with the request of
 * the next valid value (trailing ones with the last); a failed request is reported at the earliest record it
 * carries, so a retry never loses an invalid-record count.
 */

import type { MetricDatum as SdkMetricDatum } from '@aws-sdk/client-cloudwatch';
import type { PublishableRequest } from '@cwagg/core';
import { STANDARD_RESOLUTION, timestampProblem } from '@cwagg/core/limits';
import { CALLS_METRIC_NAME, type HandlerConfig, INVALID_RECORDS_METRIC_NAME } from './config.js';
import type { DecodedBatch, InvalidRecord } from './decode.js';

export interface SingleRequest {
  request: PublishableRequest;
  /** The earliest Kinesis record whose data this request carries: where Lambda must resume if it fails. */
  reportRecord: number;
}

export interface SinglePlan {
  requests: SingleRequest[];
  invalid: InvalidRecord[];
  values: number;
}

export function planSingleRequests(batch: DecodedBatch, config: HandlerConfig, now: number): SinglePlan {
  const dimensions = Object.keys(config.metric.dimensions)
    .sort()
    .map((name) => ({ Name: name, Value: config.metric.dimensions[name] as string }));
  const resolution = config.metric.storageResolution ?? STANDARD_RESOLUTION;
  const periodMs = resolution * 1000;
  const minuteStart = new Date(Math.floor(now / 60_000) * 60_000);
  const countDatum = (name: string, value: number): SdkMetricDatum => ({
    MetricName: name,
    Dimensions: dimensions,
    Timestamp: minuteStart,
    Value: value,
    Unit: 'Count',
  });
  const callsDatum = countDatum(CALLS_METRIC_NAME, 1);

  const invalid = [...batch.invalid];
  const accepted: { valueIndex: number; bucketStart: number }[] = [];
  for (let i = 0; i < batch.valueCount; i++) {
    const at = batch.timestamps[i] as number;
    const bucketStart = Math.floor(at / periodMs) * periodMs;
    const problem = timestampProblem(bucketStart, now, at);
    if (problem === undefined) {
      accepted.push({ valueIndex: i, bucketStart });
    } else {
      const recordIndex = batch.valueRecords[i] as number;
      invalid.push({
        recordIndex,
        sequenceNumber: batch.sequenceNumberOf(recordIndex),
        reason: problem,
      });
    }
  }
  invalid.sort((a, b) => a.recordIndex - b.recordIndex);

  const requests: SingleRequest[] = [];
  let nextInvalid = 0;
  for (const [k, { valueIndex, bucketStart }] of accepted.entries()) {
    const recordIndex = batch.valueRecords[valueIndex] as number;
    const isLast = k === accepted.length - 1;
    let carried = 0;
    let reportRecord = recordIndex;
    while (
      nextInvalid < invalid.length &&
      (isLast || (invalid[nextInvalid] as InvalidRecord).recordIndex <= recordIndex)
    ) {
      reportRecord = Math.min(reportRecord, (invalid[nextInvalid] as InvalidRecord).recordIndex);
      carried++;
      nextInvalid++;
    }
    const valueDatum: SdkMetricDatum = {
      MetricName: config.metric.name,
      Dimensions: dimensions,
      Timestamp: new Date(bucketStart),
      Value: batch.values[valueIndex] as number,
      Unit: config.metric.unit,
    };
    if (resolution !== STANDARD_RESOLUTION) valueDatum.StorageResolution = resolution;
    const metricData = [valueDatum, callsDatum];
    if (carried > 0) metricData.push(countDatum(INVALID_RECORDS_METRIC_NAME, carried));
    requests.push({ request: { Namespace: config.namespace, MetricData: metricData }, reportRecord });
  }
  if (accepted.length === 0 && invalid.length > 0) {
    // Nothing valid to carry the count: it takes a call of its own.
    requests.push({
      request: {
        Namespace: config.namespace,
        MetricData: [callsDatum, countDatum(INVALID_RECORDS_METRIC_NAME, invalid.length)],
      },
      reportRecord: (invalid[0] as InvalidRecord).recordIndex,
    });
  }
  return { requests, invalid, values: accepted.length };
}
