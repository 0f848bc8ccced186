/**
 * The aggregated handler's exactly-once plan: the batch is cut into runs of consecutive Kinesis records whose
 * values (plus the InvalidRecords count and the PutMetricDataCalls datum) fit one PutMetricData request.
 * Runs are published in order; when one fails, Lambda is told to resume at its first record, so nothing
 * before it is sent twice and nothing from it on is lost.
 */
import { Aggregator, envelopeBytes, type MetricDatum, type PutMetricDataRequest } from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES } from '@cwagg/core/limits';
import { CALLS_METRIC_NAME, type HandlerConfig, INVALID_RECORDS_METRIC_NAME } from './config.js';
import type { DecodedBatch, InvalidRecord } from './decode.js';

export interface Run {
  /** Kinesis records [firstRecord, endRecord) of the batch. */
  firstRecord: number;
  endRecord: number;
  /** One request, or several only when a single KPL record holds more than one request's worth. */
  requests: PutMetricDataRequest[];
  /** Invalid records of the run: unparseable ones and values CloudWatch would reject (e.g. too old). */
  invalid: InvalidRecord[];
  values: number;
  bodyBytes: number;
}

export interface RunPlanner {
  plan(batch: DecodedBatch): Run[];
}

export function createRunPlanner(config: HandlerConfig, clock: () => number): RunPlanner {
  const selfMetrics = { dimensions: config.metric.dimensions, unit: 'Count' as const };
  const invalidMetric = { name: INVALID_RECORDS_METRIC_NAME, ...selfMetrics };
  const callsMetric = { name: CALLS_METRIC_NAME, ...selfMetrics };

  /** The PutMetricDataCalls datum every request carries, and the room it takes; made once per minute. */
  let calls: { datum: MetricDatum; bytes: number; minute: number } | undefined;
  const callsDatum = (): { datum: MetricDatum; bytes: number } => {
    const minute = Math.floor(clock() / 60_000);
    if (calls?.minute === minute) return calls;
    const aggregator = new Aggregator({ namespace: config.namespace, clock });
    aggregator.add(callsMetric, 1);
    const { requests, stats } = aggregator.drain();
    const datum = requests[0]?.MetricData[0] as MetricDatum;
    calls = { datum, bytes: stats.bodyBytes - envelopeBytes(config.namespace), minute };
    return calls;
  };

  const aggregateRange = (
    batch: DecodedBatch,
    first: number,
    end: number,
    calls: { datum: MetricDatum; bytes: number },
  ): Run => {
    const aggregator = new Aggregator({
      namespace: config.namespace,
      clock,
      maxDatumsPerRequest: MAX_DATUMS_PER_REQUEST - 1,
      maxRequestBytes: MAX_REQUEST_BYTES - calls.bytes - 1,
      ...(config.maxRelativeError === undefined ? {} : { maxRelativeError: config.maxRelativeError }),
    });
    const fromValue = batch.recordFirstValue[first] as number;
    const toValue = batch.recordFirstValue[end] as number;
    const rejectedValues = aggregator.addValues(
      config.metric,
      batch.values,
      batch.timestamps,
      fromValue,
      toValue,
    );
    const invalid: InvalidRecord[] = batch.invalid.filter(
      (entry) => entry.recordIndex >= first && entry.recordIndex < end,
    );
    aggregator.add(invalidMetric, invalid.length + rejectedValues.length);
    const { requests, rejected, stats } = aggregator.drain();
    // The aggregator lists rejections in the order of the adds, so the k-th one is rejectedValues[k].
    rejectedValues.forEach((valueIndex, k) => {
      const recordIndex = batch.valueRecords[valueIndex] as number;
      invalid.push({
        recordIndex,
        sequenceNumber: batch.sequenceNumberOf(recordIndex),
        reason: rejected[k]?.reason ?? 'rejected by the aggregator',
      });
    });
    invalid.sort((a, b) => a.recordIndex - b.recordIndex);
    for (const request of requests) request.MetricData.push(calls.datum);
    return {
      firstRecord: first,
      endRecord: end,
      requests,
      invalid,
      values: toValue - fromValue - rejectedValues.length,
      bodyBytes: stats.bodyBytes + requests.length * (calls.bytes + 1),
    };
  };

  return {
    plan(batch) {
      const calls = callsDatum();
      const total = batch.recordCount;
      if (total === 0) return [];
      const runs: Run[] = [];
      let first = 0;
      while (first < total) {
        const whole = aggregateRange(batch, first, total, calls);
        if (whole.requests.length <= 1) {
          runs.push(whole);
          break;
        }
        // The rest does not fit one request: find a long prefix that does. Sizes are not strictly
        // monotonic in the prefix length (a sum can print shorter), so any fitting prefix found is used.
        let best = aggregateRange(batch, first, first + 1, calls);
        if (best.requests.length > 1) {
          // One KPL record alone exceeds a request: it is its own run (see README on its retries).
          runs.push(best);
          first += 1;
          continue;
        }
        let fits = first + 1;
        let tooBig = total;
        while (tooBig - fits > 1) {
          const middle = (fits + tooBig) >>> 1;
          const candidate = aggregateRange(batch, first, middle, calls);
          if (candidate.requests.length <= 1) {
            fits = middle;
            best = candidate;
          } else {
            tooBig = middle;
          }
        }
        runs.push(best);
        first = fits;
      }
      return runs;
    },
  };
}
