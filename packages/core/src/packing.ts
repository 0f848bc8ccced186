/**
 * Turning sorted values into datums, and datums into requests that respect every PutMetricData limit.
 * Sizes are computed from the exact JSON the AWS SDK v3 sends (JSON 1.0 protocol, timestamps as epoch
 * seconds), not estimated.
 */

import { jsonNumberLength } from './json-number-length.js';
import {
  MAX_DATUMS_PER_REQUEST,
  MAX_REQUEST_BYTES,
  MAX_VALUE_MAGNITUDE,
  MAX_VALUES_PER_DATUM,
} from './limits/constants.js';
import type { Dimension, MetricDatum, PutMetricDataRequest, StatisticSet } from './types.js';
import type { StoreEntries } from './value-stores.js';

/** What every datum of one metric shares. */
export interface DatumShape {
  MetricName: string;
  Dimensions?: Dimension[];
  Unit?: MetricDatum['Unit'];
  StorageResolution?: number;
}

/** Neumaier's compensated sum: sums of many floats stay as exact as doubles allow. */
function compensatedSum(terms: readonly number[], from: number, to: number): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const term = terms[i] as number;
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  return sum + compensation;
}

/** The compensated sum of values[i] x counts[i]: an exact store's entries, whose sums are not kept apart. */
function compensatedProductSum(
  values: readonly number[],
  counts: readonly number[],
  from: number,
  to: number,
): number {
  let sum = 0;
  let compensation = 0;
  for (let i = from; i < to; i++) {
    const term = (values[i] as number) * (counts[i] as number);
    const next = sum + term;
    compensation += Math.abs(sum) >= Math.abs(term) ? sum - next + term : term - next + sum;
    sum = next;
  }
  return sum + compensation;
}

function jsonNumbersLength(values: readonly number[], from: number, to: number): number {
  let length = to - from - 1; // commas
  for (let i = from; i < to; i++) length += jsonNumberLength(values[i] as number);
  return length;
}

const COUNTS_MEMBER_BYTES = ',"Counts":[]'.length;
/** The members every datum adds to its shape, numbers left out: `,"Values":[],"StatisticValues":{...}`. */
const VALUES_AND_STATISTICS_BYTES =
  ',"Values":[],"StatisticValues":{"SampleCount":,"Sum":,"Minimum":,"Maximum":}'.length;
const TIMESTAMP_MEMBER_BYTES = ',"Timestamp":'.length;
const shapeBytesCache = new WeakMap<DatumShape, number>();

/**
 * Bytes of a datum without its timestamp and numbers: the shape's JSON plus the fixed member names.
 * Computed once per shape (a JSON.stringify per datum was the largest cost of draining many metrics).
 */
function shapeBytes(shape: DatumShape): number {
  let bytes = shapeBytesCache.get(shape);
  if (bytes === undefined) {
    bytes = Buffer.byteLength(JSON.stringify(shape)) + VALUES_AND_STATISTICS_BYTES;
    shapeBytesCache.set(shape, bytes);
  }
  return bytes;
}

/**
 * `{ ...shape, Timestamp, Values, StatisticValues }`, written as literals for the shapes the Aggregator makes:
 * adding members to a spread copy took most of datumsFor's time at batch 150 (a CPU profile put 120 of its
 * 150 ticks on those lines). Members keep the spread's order.
 */
function datumOf(
  shape: DatumShape,
  Timestamp: Date,
  Values: number[],
  StatisticValues: StatisticSet,
): MetricDatum {
  const { MetricName, Dimensions, Unit } = shape;
  if (shape.StorageResolution !== undefined) return { ...shape, Timestamp, Values, StatisticValues };
  if (Unit === undefined) {
    return Dimensions === undefined
      ? { MetricName, Timestamp, Values, StatisticValues }
      : { MetricName, Dimensions, Timestamp, Values, StatisticValues };
  }
  return Dimensions === undefined
    ? { MetricName, Unit, Timestamp, Values, StatisticValues }
    : { MetricName, Dimensions, Unit, Timestamp, Values, StatisticValues };
}

export interface SizedDatums {
  datums: MetricDatum[];
  /** Bytes of each datum in the JSON body, equal to `datumBytes(datum)`. */
  bytes: number[];
}

/**
 * Cuts one metric's sorted entries for one timestamp into datums of at most 150 values, each carrying
 * Values, Counts (unless all are 1) and the exact StatisticValues of the raw values it stands for.
 * Sizes are computed arithmetically from the JSON layout, without serialising every datum.
 */
export function datumsFor(
  shape: DatumShape,
  timestamp: Date,
  entries: StoreEntries,
  into: SizedDatums,
): void {
  const total = entries.length ?? entries.values.length;
  const { values, counts, sums } = entries;
  const mins = entries.mins ?? values;
  const maxs = entries.maxs ?? values;
  // Everything but the numbers: `{"MetricName":...,"Timestamp":...,"Values":[],"StatisticValues":{...0}}`.
  const fixedBytes =
    shapeBytes(shape) + TIMESTAMP_MEMBER_BYTES + jsonNumberLength(timestamp.getTime() / 1000);
  for (let from = 0; from < total; from += MAX_VALUES_PER_DATUM) {
    const to = Math.min(from + MAX_VALUES_PER_DATUM, total);
    let allOnes = true;
    for (let i = from; i < to; i++) {
      if (counts[i] !== 1) {
        allOnes = false;
        break;
      }
    }
    const statistics: StatisticSet = {
      SampleCount: allOnes ? to - from : compensatedSum(counts, from, to),
      Sum:
        (sums === undefined
          ? compensatedProductSum(values, counts, from, to)
          : compensatedSum(sums, from, to)) + 0,
      Minimum: mins[from] as number,
      Maximum: maxs[to - 1] as number,
    };
    if (
      !(Math.abs(statistics.Sum) <= MAX_VALUE_MAGNITUDE) &&
      datumsWithinSumRange(shape, timestamp, entries, from, to, into)
    ) {
      continue;
    }
    // A store's entries are made for this drain: the datum can hold them when they fit one datum (unless lent).
    const whole = from === 0 && to === total && entries.length === undefined;
    const datum = datumOf(shape, timestamp, whole ? values : values.slice(from, to), statistics);
    let bytes =
      fixedBytes +
      jsonNumbersLength(values, from, to) +
      jsonNumberLength(statistics.SampleCount) +
      jsonNumberLength(statistics.Sum) +
      jsonNumberLength(statistics.Minimum) +
      jsonNumberLength(statistics.Maximum);
    if (!allOnes) {
      datum.Counts = whole ? counts : counts.slice(from, to);
      bytes += COUNTS_MEMBER_BYTES + jsonNumbersLength(counts, from, to);
    }
    into.datums.push(datum);
    into.bytes.push(bytes);
  }
}

/**
 * More datums than this for one cut of values is not worth it: the cut is left whole (CloudWatch rejects it,
 * and the caller sees a failed request). Only a caller's own huge counts of huge values get there.
 */
const MAX_SUM_SPLIT_DATUMS = 10_000;

/**
 * CloudWatch rejects a StatisticValues.Sum outside -2^360..2^360 like any other number, though each value
 * is inside it: two values of 2e108 already sum past it, and the whole request would be rejected. Cuts
 * entries [from, to) into datums whose sums stay inside the range, splitting an entry's count over several
 * datums where that value's count alone sums past it. Rare (values near 1e108), so written plainly.
 * Returns false, adding nothing, when that would take more than MAX_SUM_SPLIT_DATUMS datums.
 */
function datumsWithinSumRange(
  shape: DatumShape,
  timestamp: Date,
  entries: StoreEntries,
  from: number,
  to: number,
  into: SizedDatums,
): boolean {
  const { values, counts } = entries;
  const sumOf = (i: number) =>
    entries.sums === undefined ? (values[i] as number) * (counts[i] as number) : (entries.sums[i] as number);
  const mins = entries.mins ?? values;
  const maxs = entries.maxs ?? values;
  let needed = 0;
  for (let i = from; i < to; i++) needed += Math.ceil(Math.abs(sumOf(i)) / MAX_VALUE_MAGNITUDE);
  if (!(needed <= MAX_SUM_SPLIT_DATUMS)) return false;

  let datumValues: number[] = [];
  let datumCounts: number[] = [];
  let statistics: StatisticSet = { SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0 };
  const close = (): void => {
    if (datumValues.length === 0) return;
    const datum: MetricDatum = {
      ...shape,
      Timestamp: timestamp,
      Values: datumValues,
      StatisticValues: statistics,
    };
    if (datumCounts.some((count) => count !== 1)) datum.Counts = datumCounts;
    into.datums.push(datum);
    into.bytes.push(datumBytes(datum));
    datumValues = [];
    datumCounts = [];
    statistics = { SampleCount: 0, Sum: 0, Minimum: 0, Maximum: 0 };
  };
  const add = (i: number, count: number, sum: number): void => {
    if (datumValues.length === 0) statistics.Minimum = mins[i] as number;
    datumValues.push(values[i] as number);
    datumCounts.push(count);
    statistics.SampleCount += count;
    statistics.Sum += sum;
    statistics.Maximum = maxs[i] as number;
  };
  for (let i = from; i < to; i++) {
    let count = counts[i] as number;
    let sum = sumOf(i);
    while (count > 0) {
      if (
        datumValues.length < MAX_VALUES_PER_DATUM &&
        Math.abs(statistics.Sum + sum) <= MAX_VALUE_MAGNITUDE
      ) {
        add(i, count, sum);
        break;
      }
      if (datumValues.length > 0) {
        close();
        continue;
      }
      // Alone in a datum and still past the range: as much of its count as the range holds.
      const mean = sum / count;
      let part = Math.max(1, Math.floor(MAX_VALUE_MAGNITUDE / Math.abs(mean)));
      if (part > 1 && Math.abs(mean * part) > MAX_VALUE_MAGNITUDE) part -= 1; // rounding
      part = Math.min(part, count);
      add(i, part, mean * part);
      close();
      count -= part;
      sum -= mean * part;
    }
  }
  close();
  return true;
}

/** Bytes of a datum in the JSON body the AWS SDK v3 sends. */
export function datumBytes(datum: MetricDatum): number {
  const wire = { ...datum, Timestamp: datum.Timestamp.getTime() / 1000 };
  return Buffer.byteLength(JSON.stringify(wire));
}

/** Bytes of a request body holding no datums: `{"Namespace":"...","MetricData":[]}`. */
export function envelopeBytes(namespace: string): number {
  return Buffer.byteLength(JSON.stringify({ Namespace: namespace, MetricData: [] }));
}

export interface PackingLimits {
  maxDatumsPerRequest?: number;
  maxRequestBytes?: number;
}

export interface PackedRequests {
  requests: PutMetricDataRequest[];
  /** JSON body bytes of each request. */
  requestBytes: number[];
}

/**
 * Packs datums, in the given order, into as few requests as the datum-count and body-size limits allow.
 * Greedy in order, which is optimal for contiguous groups; the order keeps the output deterministic.
 */
export function packRequests(
  namespace: string,
  datums: readonly MetricDatum[],
  limits: PackingLimits = {},
  /** Bytes of each datum when already known (as `datumsFor` gives them); computed otherwise. */
  knownBytes?: readonly number[],
  /** `envelopeBytes(namespace)`, when the caller keeps it. */
  envelope = envelopeBytes(namespace),
): PackedRequests {
  const maxDatums = limits.maxDatumsPerRequest ?? MAX_DATUMS_PER_REQUEST;
  const maxBytes = limits.maxRequestBytes ?? MAX_REQUEST_BYTES;
  const requests: PutMetricDataRequest[] = [];
  const requestBytes: number[] = [];
  let current: MetricDatum[] = [];
  let currentBytes = envelope;
  for (let i = 0; i < datums.length; i++) {
    const datum = datums[i] as MetricDatum;
    const bytes = knownBytes?.[i] ?? datumBytes(datum);
    if (envelope + bytes > maxBytes) {
      throw new RangeError(`a single datum of ${bytes} bytes cannot fit a request of ${maxBytes} bytes`);
    }
    // A comma separates datums after the first.
    const added = current.length === 0 ? bytes : bytes + 1;
    if (current.length === maxDatums || currentBytes + added > maxBytes) {
      requests.push({ Namespace: namespace, MetricData: current });
      requestBytes.push(currentBytes);
      current = [datum];
      currentBytes = envelope + bytes;
    } else {
      current.push(datum);
      currentBytes += added;
    }
  }
  if (current.length > 0) {
    requests.push({ Namespace: namespace, MetricData: current });
    requestBytes.push(currentBytes);
  }
  return { requests, requestBytes };
}
