/**
 * Decoded batches built directly, in the column layout `decodeBatch` produces, so that the planners can be
 * tested on any mix of values, KPL records and invalid entries without encoding them first.
 */
import fc from 'fast-check';
import { recordOfValue, timeOfValue } from '../../src/batch.js';
import type { DecodedBatch, InvalidRecord } from '../../src/index.js';

/** One entry of a Kinesis record: a value, or a sub-record that could not be read. */
export type Entry = { value: number } | { invalid: string };

export interface RecordSpec {
  /** One entry for a plain record; several for a KPL aggregate; none for an empty aggregate. */
  entries: Entry[];
  /** Arrival time (epoch ms) of every value of the record. */
  arrival: number;
}

/**
 * What a decoded batch says, as plain arrays cut to the values it holds (-0 written '-0', which toEqual would
 * not tell from 0): two decoders' batches compare whole.
 */
export function contentsOf(batch: DecodedBatch) {
  const n = batch.valueCount;
  return {
    values: Array.from(batch.values.subarray(0, n), (v) => (Object.is(v, -0) ? '-0' : v)),
    timestamps: timesOfValues(batch),
    records: recordsOfValues(batch),
    recordFirstValue: Array.from(batch.recordFirstValue),
    invalid: batch.invalid,
    sequenceNumbers: Array.from({ length: batch.recordCount }, (_, r) => batch.sequenceNumberOf(r)),
  };
}

/** The time of each value, from `timeOfValue`: its own with a mapping, else its record's arrival. */
export function timesOfValues(batch: DecodedBatch): number[] {
  return Array.from({ length: batch.valueCount }, (_, i) => timeOfValue(batch, i, recordOfValue(batch, i)));
}

/** The record of each value, from `recordOfValue`. */
export function recordsOfValues(batch: DecodedBatch): number[] {
  return Array.from({ length: batch.valueCount }, (_, i) => recordOfValue(batch, i));
}

export function sequenceNumberOf(recordIndex: number): string {
  return `seq-${recordIndex}`;
}

export function batchOf(records: readonly RecordSpec[]): DecodedBatch {
  const values: number[] = [];
  const recordFirstValue: number[] = [];
  const invalid: InvalidRecord[] = [];
  for (const [recordIndex, record] of records.entries()) {
    recordFirstValue.push(values.length);
    const kpl = record.entries.length !== 1;
    for (const [subSequenceNumber, entry] of record.entries.entries()) {
      if ('value' in entry) {
        values.push(entry.value);
      } else {
        invalid.push({
          recordIndex,
          sequenceNumber: sequenceNumberOf(recordIndex),
          ...(kpl ? { subSequenceNumber } : {}),
          reason: entry.invalid,
        });
      }
    }
  }
  recordFirstValue.push(values.length);
  return {
    recordCount: records.length,
    sequenceNumberOf,
    valueCount: values.length,
    values: Float64Array.from(values),
    recordTimestamps: Float64Array.from(records, (record) => record.arrival),
    recordFirstValue: Int32Array.from(recordFirstValue),
    invalid,
  };
}

export const NOW = Date.UTC(2026, 10, 25, 12, 30, 0);
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Why CloudWatch would reject a value: decided here from the documented limits, not by the code under test. */
export type Fate = 'accepted' | 'too old' | 'too far ahead' | 'out of range';

/** Arrival times well inside or well outside the window CloudWatch accepts (14 days back, 2 hours ahead). */
export const anArrival = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: NOW - HOUR, max: NOW }) },
  { weight: 1, arbitrary: fc.integer({ min: NOW - 30 * DAY, max: NOW - 15 * DAY }) },
  { weight: 1, arbitrary: fc.integer({ min: NOW + 3 * HOUR, max: NOW + DAY }) },
);

/** Values as decodeBatch yields them: mostly the sample's integers, some fractions. */
export const aValue = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: 0, max: 1000 }) },
  { weight: 2, arbitrary: fc.double({ min: -1e6, max: 1e6, noNaN: true }) },
);
/** Values beyond CloudWatch's ±2^360, which decodeBatch never yields but the Aggregator checks again. */
export const anOutOfRangeValue = fc.constantFrom(1e200, -1e300, 2 ** 361);

const anInvalidEntry = fc
  .constantFrom('payload "x" is not a decimal number', 'data is not valid base64')
  .map((invalid): Entry => ({ invalid }));

/** Records of single entries mostly, KPL aggregates of a few entries (or none) sometimes. */
export function recordsOf(value: fc.Arbitrary<number>): fc.Arbitrary<RecordSpec> {
  const entry = fc.oneof(
    { weight: 6, arbitrary: value.map((value): Entry => ({ value })) },
    { weight: 1, arbitrary: anInvalidEntry },
  );
  return fc.record({
    entries: fc.oneof(
      { weight: 5, arbitrary: entry.map((one) => [one]) },
      { weight: 1, arbitrary: fc.array(entry, { maxLength: 6 }) },
    ),
    arrival: anArrival,
  });
}

/** Records as decodeBatch yields them. */
export const aRecord = recordsOf(aValue);

export function fateOf(value: number, arrival: number): Fate {
  if (!(Math.abs(value) <= 2 ** 360)) return 'out of range';
  if (arrival < NOW - 14 * DAY) return 'too old';
  if (arrival > NOW + 2 * HOUR) return 'too far ahead';
  return 'accepted';
}
