/**
 * Whether a window's contents certainly fit one PutMetricData per namespace, from an upper bound of each
 * request's datums and bytes, without building the requests: the Aggregator would cost a few hundred
 * milliseconds for 50,000 values, and the early-flush search asks this of every prefix it tries. The bound
 * counts every value and count at its printed length, and each datum at its shape plus the most its
 * timestamp and statistics can print; the handler's own datums (its counts, PutMetricDataCalls) are added.
 */
import type { MetricDefinition } from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES, MAX_VALUES_PER_DATUM } from '@cwagg/core/limits';
import type { WindowContents } from './window-contents.js';

/** `{"Namespace":"","MetricData":[]}` and the commas between datums are counted with each datum. */
const ENVELOPE_BYTES = 40;
/** The longest a double prints (`-2.2250738585072014e-308`). */
const MAX_NUMBER_BYTES = 24;
/**
 * A datum's members besides its shape, numbers at their longest: `,"Timestamp":N,"Values":[],"Counts":[],
 * "StatisticValues":{"SampleCount":N,"Sum":N,"Minimum":N,"Maximum":N}` and the comma after it.
 */
const DATUM_MEMBERS_BYTES = 110 + 5 * MAX_NUMBER_BYTES;

function shapeBytes(definition: MetricDefinition): number {
  const dimensions = Object.entries(definition.dimensions ?? {}).map(([Name, Value]) => ({ Name, Value }));
  return Buffer.byteLength(
    JSON.stringify({
      MetricName: definition.name,
      Dimensions: dimensions,
      Unit: definition.unit ?? '',
      StorageResolution: definition.storageResolution ?? 60,
    }),
  );
}

function numberBytes(value: number): number {
  return Number.isInteger(value) && Math.abs(value) < 1e15 ? String(value).length : MAX_NUMBER_BYTES;
}

/** Sums past this magnitude may be cut into several datums (CloudWatch refuses sums past 2^360). */
const LARGE_SUM = 1e100;

/**
 * True when every namespace's request certainly fits CloudWatch's datums and bytes, the handler's own datums
 * (`own`: its counts and PutMetricDataCalls) riding in the handler's namespace, `home`.
 */
export function fitsOneRequestPerNamespace(
  contents: WindowContents,
  home: string,
  own: readonly MetricDefinition[],
): boolean {
  const ownBytes = own.reduce((sum, definition) => sum + shapeBytes(definition) + DATUM_MEMBERS_BYTES, 0);
  const datums = new Map<string, number>([[home, own.length]]);
  const bytes = new Map<string, number>([[home, ENVELOPE_BYTES + home.length + ownBytes]]);
  for (const entry of contents.series.values()) {
    const { namespace } = entry;
    const perDatum = shapeBytes(entry.definition) + DATUM_MEMBERS_BYTES;
    let n = datums.get(namespace) ?? 0;
    let b = bytes.get(namespace) ?? ENVELOPE_BYTES + namespace.length;
    for (const values of entry.exact.values()) {
      n += Math.ceil(values.size / MAX_VALUES_PER_DATUM);
      b += Math.ceil(values.size / MAX_VALUES_PER_DATUM) * perDatum;
      for (const [value, count] of values) {
        b += String(value + 0).length + numberBytes(count) + 2;
        if (Math.abs(value) * count > LARGE_SUM) {
          n += count;
          b += count * perDatum;
        }
      }
    }
    for (const buckets of entry.buckets.values()) {
      n += Math.ceil(buckets.size / MAX_VALUES_PER_DATUM);
      b += Math.ceil(buckets.size / MAX_VALUES_PER_DATUM) * perDatum;
      for (const { count, sum } of buckets.values()) {
        b += MAX_NUMBER_BYTES + numberBytes(count) + 2;
        if (Math.abs(sum) > LARGE_SUM) {
          n += count;
          b += count * perDatum;
        }
      }
    }
    datums.set(namespace, n);
    bytes.set(namespace, b);
    if (n > MAX_DATUMS_PER_REQUEST || b > MAX_REQUEST_BYTES) return false;
  }
  return true;
}
