/**
 * A window's contents as PutMetricData requests: one Aggregator per namespace, the handler's own namespace
 * first, its counts (invalid records, values set aside, values folded) riding in that namespace's request, and
 * every request carrying its PutMetricDataCalls datum, as the per-batch handler's do. The contents a window
 * may hold are those that give one request per namespace: that is what makes the window's publication one
 * call (and all or nothing, see README).
 */
import {
  Aggregator,
  envelopeBytes,
  type MetricDatum,
  type MetricDefinition,
  type PutMetricDataRequest,
} from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES } from '@cwagg/core/limits';
import type { HandlerConfig } from '../config.js';
import { rejectionReason, SelfMetrics } from '../self-metrics.js';
import type { WindowContents } from './window-contents.js';

export interface WindowPlan {
  requests: PutMetricDataRequest[];
  /** Namespaces with something to publish: the fewest requests the contents can take. */
  namespaces: number;
  /** Distinct values (or buckets) and samples in the requests, the handler's own counts left out. */
  values: number;
  samples: number;
  bodyBytes: number;
  /** Samples CloudWatch would refuse now (their time left its window while they waited), counted as invalid. */
  refused: number;
}

/** Reasons the publication itself may add (values whose time left CloudWatch's window while they waited). */
const OWN_REASONS = ['OutsideTimeWindow', 'OutOfRange'];

export class WindowRequestPlanner {
  private readonly self: SelfMetrics;
  private readonly mapped: boolean;

  constructor(
    private readonly config: HandlerConfig,
    private readonly clock: () => number,
  ) {
    this.self = SelfMetrics.of(config);
    this.mapped = config.mapping !== undefined || config.recordDirectiveNamespaces !== undefined;
  }

  /** The handler's own metrics the contents' publication carries: its counts and PutMetricDataCalls. */
  ownMetrics(contents: WindowContents): MetricDefinition[] {
    return [
      this.self.calls,
      this.self.invalidRecords,
      ...[...contents.invalidValues.keys(), ...OWN_REASONS].map((reason) => this.self.invalidValues(reason)),
      ...[...contents.folded.keys()].map((dimension) => this.self.folded(dimension)),
    ];
  }

  plan(contents: WindowContents): WindowPlan {
    const calls = this.callsDatum();
    const aggregators = new Map<string, Aggregator>();
    const aggregatorFor = (namespace: string): Aggregator => {
      let aggregator = aggregators.get(namespace);
      if (aggregator === undefined) {
        aggregator = new Aggregator({
          namespace,
          clock: this.clock,
          maxDatumsPerRequest: MAX_DATUMS_PER_REQUEST - 1,
          maxRequestBytes: MAX_REQUEST_BYTES - calls.bytes - 1,
          ...(contents.mode.kind === 'bounded' ? { maxRelativeError: contents.mode.relativeError } : {}),
        });
        aggregators.set(namespace, aggregator);
      }
      return aggregator;
    };
    const home = aggregatorFor(this.config.namespace);
    const refusedBy = new Map<string, number>();
    const refuse = (reason: string, count: number) =>
      refusedBy.set(reason, (refusedBy.get(reason) ?? 0) + count);
    let values = 0;
    let samples = 0;
    for (const entry of contents.series.values()) {
      const aggregator = aggregatorFor(entry.namespace);
      const { definition } = entry;
      const add = (value: number, count: number, start: number): void => {
        if (aggregator.add(definition, value, count, start)) {
          samples += count;
        } else {
          refuse(rejectionReason(value), count);
        }
      };
      for (const [start, entries] of entry.exact) {
        values += entries.size;
        for (const [value, count] of entries) add(value, count, start);
      }
      for (const [start, buckets] of entry.buckets) {
        values += buckets.size;
        // A bucket's exact count, minimum and maximum: its extremes once each, the rest at their mean, which
        // lies between them and so in the same bucket of the aggregator's.
        for (const { count, sum, min, max } of buckets.values()) {
          add(min, 1, start);
          if (count === 1) continue;
          add(max, 1, start);
          if (count === 2) continue;
          const mean = Math.min(max, Math.max(min, (sum - min - max) / (count - 2)));
          add(mean, count - 2, start);
        }
      }
    }
    let refused = 0;
    let invalidRecords = contents.invalidRecords;
    const invalidValues = new Map(contents.invalidValues);
    for (const [reason, count] of refusedBy) {
      refused += count;
      if (this.mapped) invalidValues.set(reason, (invalidValues.get(reason) ?? 0) + count);
      else invalidRecords += count;
    }
    home.add(this.self.invalidRecords, invalidRecords);
    for (const [reason, count] of invalidValues) home.add(this.self.invalidValues(reason), count);
    for (const [dimension, count] of contents.folded) home.add(this.self.folded(dimension), count);

    const requests: PutMetricDataRequest[] = [];
    let bodyBytes = 0;
    for (const aggregator of aggregators.values()) {
      const drained = aggregator.drain();
      for (const request of drained.requests) {
        request.MetricData.push(calls.datum);
        requests.push(request);
        bodyBytes += calls.bytes + 1;
      }
      bodyBytes += drained.stats.bodyBytes;
    }
    const namespaces = [...aggregators.values()].length;
    return { requests, namespaces, values, samples, bodyBytes, refused };
  }

  /** The PutMetricDataCalls datum (1) every request carries, and the room it takes in a request. */
  private callsDatum(): { datum: MetricDatum; bytes: number } {
    const aggregator = new Aggregator({ namespace: this.config.namespace, clock: this.clock });
    aggregator.add(this.self.calls, 1);
    const { requests, stats } = aggregator.drain();
    return {
      datum: requests[0]?.MetricData[0] as MetricDatum,
      bytes: stats.bodyBytes - envelopeBytes(this.config.namespace),
    };
  }
}
