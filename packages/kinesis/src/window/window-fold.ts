/**
 * Folding a range of a decoded batch's records into a window's contents: each value into its series and
 * period, what cannot be published counted the way the per-batch handler counts it (invalid records, values
 * set aside by reason, values the guard folded by dimension), so that a window publishes the same counts as
 * its batches would have.
 */
import type { MetricDefinition } from '@cwagg/core';
import { timestampProblem } from '@cwagg/core/limits';
import {
  type DecodedBatch,
  type InvalidRecord,
  recordFrom,
  type SetAsideValue,
  timeOfValue,
} from '../batch.js';
import type { HandlerConfig } from '../config.js';
import { foldedCounts, inRecords, rejectionReason } from '../self-metrics.js';
import { LogBuckets } from './log-buckets.js';
import { addCount, type SeriesValues, seriesEntry, type WindowContents } from './window-contents.js';

/** What a fold set aside, for the invocation's log lines. */
export interface FoldOutcome {
  invalid: InvalidRecord[];
  setAside: SetAsideValue[];
  /** Values folded into the contents. */
  values: number;
}

const STANDARD_RESOLUTION_SECONDS = 60;

export class WindowFolder {
  private buckets: LogBuckets | undefined;

  constructor(private readonly config: HandlerConfig) {}

  /** Folds records [from, to) of `batch` into `contents`, checked against CloudWatch's time window at `now`. */
  fold(contents: WindowContents, batch: DecodedBatch, from: number, to: number, now: number): FoldOutcome {
    const { mapped } = batch;
    const fromValue = batch.recordFirstValue[from] as number;
    const toValue = batch.recordFirstValue[to] as number;
    const invalid = inRecords(batch.invalid, from, to);
    const setAside = mapped === undefined ? [] : inRecords(mapped.setAside, from, to);
    contents.records += to - from;
    contents.invalidRecords += invalid.length;
    for (const { reason } of setAside) addCount(contents.invalidValues, reason, 1);

    // The series of this batch, looked up once per fold rather than once per value.
    const seriesOf: (SeriesValues | undefined)[] = [];
    const entryFor = (namespace: string, definition: MetricDefinition, s: number): SeriesValues => {
      let entry = seriesOf[s];
      if (entry === undefined) {
        entry = seriesEntry(contents, namespace, definition);
        seriesOf[s] = entry;
      }
      return entry;
    };
    const refused = new Set<number>();
    let record = from;
    for (let i = fromValue; i < toValue; i++) {
      record = recordFrom(batch, record, i);
      const s = mapped === undefined ? 0 : (mapped.valueSeries[i] as number);
      const series = mapped?.series[s];
      const entry = entryFor(
        series?.namespace ?? this.config.namespace,
        series?.definition ?? this.config.metric,
        s,
      );
      const value = batch.values[i] as number;
      const at = timeOfValue(batch, i, record);
      const periodMs = (entry.definition.storageResolution ?? STANDARD_RESOLUTION_SECONDS) * 1000;
      const start = Math.floor(at / periodMs) * periodMs;
      const problem = timestampProblem(start, now, at);
      if (problem !== undefined) {
        refused.add(i);
        if (mapped === undefined) {
          contents.invalidRecords += 1;
          invalid.push({
            recordIndex: record,
            sequenceNumber: batch.sequenceNumberOf(record),
            reason: problem,
          });
        } else {
          const reason = rejectionReason(value);
          addCount(contents.invalidValues, reason, 1);
          setAside.push({ recordIndex: record, reason, detail: problem });
        }
        continue;
      }
      this.add(contents, entry, start, value);
    }
    for (const [dimension, count] of foldedCounts(batch, fromValue, toValue, refused)) {
      addCount(contents.folded, dimension, count);
    }
    return { invalid, setAside, values: toValue - fromValue - refused.size };
  }

  private add(contents: WindowContents, entry: SeriesValues, start: number, value: number): void {
    const v = value + 0; // -0 is counted with 0, as the aggregator does
    if (contents.mode.kind === 'exact') {
      let values = entry.exact.get(start);
      if (values === undefined) {
        values = new Map();
        entry.exact.set(start, values);
      }
      values.set(v, (values.get(v) ?? 0) + 1);
      return;
    }
    if (this.buckets?.relativeError !== contents.mode.relativeError) {
      this.buckets = new LogBuckets(contents.mode.relativeError);
    }
    let buckets = entry.buckets.get(start);
    if (buckets === undefined) {
      buckets = new Map();
      entry.buckets.set(start, buckets);
    }
    const key = this.buckets.keyOf(v);
    const stats = buckets.get(key);
    if (stats === undefined) {
      buckets.set(key, { count: 1, sum: v, min: v, max: v });
    } else {
      stats.count += 1;
      stats.sum += v;
      if (v < stats.min) stats.min = v;
      if (v > stats.max) stats.max = v;
    }
  }
}
