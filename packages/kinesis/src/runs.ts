/**
 * The aggregated handler's exactly-once plan: the batch is cut into runs of consecutive Kinesis records whose
 * values (plus the handler's own counts and the PutMetricDataCalls datum) fit one PutMetricData request.
 * Runs are published in order; when one fails, Lambda is told to resume at its first record, so nothing
 * before it is sent twice and nothing from it on is lost.
 *
 * A request has one namespace, so a run never mixes two: with records that carry their own directive, the
 * batch is first cut where the namespace changes, and the handler's counts of a run ride in that run's
 * namespace. A record whose values need more than one request (a large KPL aggregate, or directives in
 * several namespaces) is a run of its own, in several requests (see the README on its retries).
 */
import {
  Aggregator,
  envelopeBytes,
  type MetricDatum,
  type MetricDefinition,
  type PutMetricDataRequest,
  type RejectedValue,
} from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES } from '@cwagg/core/limits';
import {
  type DecodedBatch,
  type InvalidRecord,
  recordFrom,
  recordOfValue,
  type SetAsideValue,
} from './batch.js';
import type { HandlerConfig } from './config.js';
import type { Segment } from './mapping/mapped-runs.js';
import { inRecords, rejectionReason, SelfMetrics } from './self-metrics.js';

export interface Run {
  /** Kinesis records [firstRecord, endRecord) of the batch. */
  firstRecord: number;
  endRecord: number;
  /** One request, or several only when a single record holds more than one request's worth. */
  requests: PutMetricDataRequest[];
  /** Invalid records of the run: unparseable ones and, without a mapping, values CloudWatch would reject. */
  invalid: InvalidRecord[];
  /** With a mapping: the values of the run's records that were not published, with their reasons. */
  setAside: SetAsideValue[];
  values: number;
  bodyBytes: number;
}

export interface RunPlanner {
  plan(batch: DecodedBatch): Run[];
}

/**
 * Consecutive records whose values go to one namespace: the whole batch, or, with a mapping, the cuts its
 * columns make (mapping/mapped-runs.ts, which comes with them, so a cold start without a mapping loads none of it).
 */
function segmentsOf(batch: DecodedBatch, home: string): Segment[] {
  const { mapped } = batch;
  return mapped === undefined
    ? [{ first: 0, end: batch.recordCount, namespace: home }]
    : mapped.runs.segmentsOf(batch, mapped, home);
}

/** Values whose times are written out at once, in a buffer kept for the process (32 KB). */
const TIMES_PER_CHUNK = 4096;
let chunkTimes: Float64Array | undefined;

/**
 * Whether records [first, end) hold one value each, as a batch of bare numbers does: one step of the record
 * column per record. Copying each record's time out per value cost about a tenth of such a batch's CPU.
 */
function oneValuePerRecord(recordFirstValue: Int32Array, first: number, end: number): boolean {
  for (let r = first; r < end; r++) {
    if ((recordFirstValue[r + 1] as number) - (recordFirstValue[r] as number) !== 1) return false;
  }
  return true;
}

/**
 * Adds the values of records [first, end) of a batch without a mapping, each at its record's arrival, and
 * returns the indexes of those refused. The batch keeps one time per record (a KPL aggregate's thousands of
 * values share one); `addValues` takes one per value, so they are written out a chunk at a time.
 */
export function addPlainValues(
  aggregator: Aggregator,
  metric: MetricDefinition,
  batch: DecodedBatch,
  first: number,
  end: number,
): number[] {
  const fromValue = batch.recordFirstValue[first] as number;
  if (oneValuePerRecord(batch.recordFirstValue, first, end)) {
    // Each value's time is its record's: the record column serves as the times as it is.
    const refusedInRange = aggregator.addValues(
      metric,
      batch.values.subarray(fromValue, fromValue + end - first),
      batch.recordTimestamps.subarray(first, end),
    );
    return fromValue === 0 ? refusedInRange : refusedInRange.map((k) => k + fromValue);
  }
  const times = chunkTimes ?? new Float64Array(TIMES_PER_CHUNK);
  chunkTimes = times;
  const refused: number[] = [];
  const toValue = batch.recordFirstValue[end] as number;
  let record = first;
  for (let from = fromValue; from < toValue; from += TIMES_PER_CHUNK) {
    const to = Math.min(from + TIMES_PER_CHUNK, toValue);
    for (let i = from; i < to; i++) {
      record = recordFrom(batch, record, i);
      times[i - from] = batch.recordTimestamps[record] as number;
    }
    for (const k of aggregator.addValues(metric, batch.values.subarray(from, to), times, 0, to - from)) {
      refused.push(k + from);
    }
  }
  return refused;
}

/** Namespaces whose aggregators are kept between ranges; past this many (directives naming many), start over. */
const MAX_KEPT_AGGREGATORS = 64;

export function createRunPlanner(config: HandlerConfig, clock: () => number): RunPlanner {
  const self = SelfMetrics.of(config);

  /** The PutMetricDataCalls datum every request carries, and the room it takes; made once per minute. */
  let calls: { datum: MetricDatum; bytes: number; minute: number } | undefined;
  const callsDatum = (): { datum: MetricDatum; bytes: number } => {
    const minute = Math.floor(clock() / 60_000);
    if (calls?.minute === minute) return calls;
    const aggregator = new Aggregator({ namespace: config.namespace, clock });
    aggregator.add(self.calls, 1);
    const { requests, stats } = aggregator.drain();
    const datum = requests[0]?.MetricData[0] as MetricDatum;
    calls = { datum, bytes: stats.bodyBytes - envelopeBytes(config.namespace), minute };
    return calls;
  };

  /**
   * Aggregators kept from one range to the next, by namespace and room: every range drains the ones it used,
   * so each is empty between ranges. A new aggregator per batch re-validated and re-keyed every series and
   * regrew every store: at batch 150 that was about 25 us of each batch, more than its values cost.
   */
  const kept = new Map<string, Aggregator>();
  const keptAggregator = (ns: string, callsBytes: number): Aggregator => {
    const key = `${callsBytes}:${ns}`;
    let aggregator = kept.get(key);
    // A range that threw may have left values behind: such an aggregator is never used again.
    if (aggregator === undefined || aggregator.seriesCount !== 0 || aggregator.samples !== 0) {
      if (aggregator === undefined && kept.size >= MAX_KEPT_AGGREGATORS) kept.clear();
      aggregator = new Aggregator({
        namespace: ns,
        clock,
        maxDatumsPerRequest: MAX_DATUMS_PER_REQUEST - 1,
        maxRequestBytes: MAX_REQUEST_BYTES - callsBytes - 1,
        ...(config.maxRelativeError === undefined ? {} : { maxRelativeError: config.maxRelativeError }),
      });
      kept.set(key, aggregator);
    }
    return aggregator;
  };

  const aggregateRange = (
    batch: DecodedBatch,
    first: number,
    end: number,
    namespace: string,
    calls: { datum: MetricDatum; bytes: number },
  ): Run => {
    const aggregators = new Map<string, Aggregator>();
    const aggregatorFor = (ns: string): Aggregator => {
      let aggregator = aggregators.get(ns);
      if (aggregator === undefined) {
        aggregator = keptAggregator(ns, calls.bytes);
        aggregators.set(ns, aggregator);
      }
      return aggregator;
    };
    try {
      return fillRange(batch, first, end, calls, aggregatorFor(namespace), aggregators, aggregatorFor);
    } catch (error) {
      // Whatever was added stays out of later ranges: these aggregators are dropped.
      const used = new Set(aggregators.values());
      for (const [key, aggregator] of kept) if (used.has(aggregator)) kept.delete(key);
      throw error;
    }
  };

  const fillRange = (
    batch: DecodedBatch,
    first: number,
    end: number,
    calls: { datum: MetricDatum; bytes: number },
    own: Aggregator,
    aggregators: Map<string, Aggregator>,
    aggregatorFor: (ns: string) => Aggregator,
  ): Run => {
    // The run's own namespace came first (the caller's `own`): its counts go there, its request comes first.
    const fromValue = batch.recordFirstValue[first] as number;
    const toValue = batch.recordFirstValue[end] as number;
    const invalid: InvalidRecord[] = inRecords(batch.invalid, first, end);
    const { mapped } = batch;
    /** Values the Aggregator refused (a time outside CloudWatch's window), with the aggregator that has why. */
    const refused: { valueIndex: number; aggregator: Aggregator }[] = [];
    let setAside: SetAsideValue[] = [];
    if (mapped === undefined) {
      for (const valueIndex of addPlainValues(own, config.metric, batch, first, end)) {
        refused.push({ valueIndex, aggregator: own });
      }
      own.add(self.invalidRecords, invalid.length + refused.length);
    } else {
      setAside = mapped.runs.addRange(
        { batch, mapped, first, end, fromValue, toValue },
        { own, aggregatorFor, self },
        invalid.length,
        refused,
      );
    }
    const requests: PutMetricDataRequest[] = [];
    const rejectedBy = new Map<Aggregator, RejectedValue[]>();
    let bodyBytes = 0;
    for (const aggregator of aggregators.values()) {
      const drained = aggregator.drain();
      rejectedBy.set(aggregator, drained.rejected);
      for (const request of drained.requests) {
        request.MetricData.push(calls.datum);
        requests.push(request);
      }
      bodyBytes += drained.stats.bodyBytes;
    }
    // Each aggregator lists its rejections in the order of its adds: the k-th refused value of an
    // aggregator is its k-th rejection.
    const seen = new Map<Aggregator, number>();
    for (const { valueIndex, aggregator } of refused) {
      const k = seen.get(aggregator) ?? 0;
      seen.set(aggregator, k + 1);
      const detail = rejectedBy.get(aggregator)?.[k]?.reason ?? 'rejected by the aggregator';
      const recordIndex = recordOfValue(batch, valueIndex);
      if (mapped === undefined) {
        invalid.push({ recordIndex, sequenceNumber: batch.sequenceNumberOf(recordIndex), reason: detail });
      } else {
        setAside.push({ recordIndex, reason: rejectionReason(batch.values[valueIndex] as number), detail });
      }
    }
    invalid.sort((a, b) => a.recordIndex - b.recordIndex);
    setAside.sort((a, b) => a.recordIndex - b.recordIndex);
    return {
      firstRecord: first,
      endRecord: end,
      requests,
      invalid,
      setAside,
      values: toValue - fromValue - refused.length,
      bodyBytes: bodyBytes + requests.length * (calls.bytes + 1),
    };
  };

  return {
    plan(batch) {
      const calls = callsDatum();
      const runs: Run[] = [];
      if (batch.recordCount === 0) return runs;
      for (const segment of segmentsOf(batch, config.namespace)) {
        const total = segment.end;
        const aggregate = (from: number, to: number) =>
          aggregateRange(batch, from, to, segment.namespace, calls);
        let first = segment.first;
        while (first < total) {
          const whole = aggregate(first, total);
          if (whole.requests.length <= 1) {
            runs.push(whole);
            break;
          }
          // The rest does not fit one request: find a long prefix that does. Sizes are not strictly
          // monotonic in the prefix length (a sum can print shorter), so any fitting prefix found is used.
          let best = aggregate(first, first + 1);
          if (best.requests.length > 1) {
            // One record alone exceeds a request: it is its own run (see README on its retries).
            runs.push(best);
            first += 1;
            continue;
          }
          let fits = first + 1;
          let tooBig = total;
          while (tooBig - fits > 1) {
            const middle = (fits + tooBig) >>> 1;
            const candidate = aggregate(first, middle);
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
      }
      return runs;
    },
  };
}
