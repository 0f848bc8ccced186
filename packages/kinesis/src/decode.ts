/**
 * `decodeBatch`: Kinesis event records -> values, with the VALUE_FIELD fast paths when VALUE_FIELD is set and
 * the full decode (KPL deaggregation, the strict parser). The loop is decode-records.ts; the handlers use it
 * directly and load those two parts on demand (decoders.ts).
 */
import type { KinesisStreamRecord } from 'aws-lambda';
import type { DecodedBatch } from './batch.js';
import { decodeKinesisRecords, type RecordDecodeOptions } from './decode-records.js';
import { decodeRecordInFull } from './full-record-decode.js';
import { valueFieldReader } from './value-field-reader.js';

export type { DecodedBatch, InvalidRecord } from './batch.js';

export interface DecodeOptions extends RecordDecodeOptions {
  /** With VALUE_FIELD: scan records for the field before parsing them whole (default true; tests turn it off). */
  jsonFastPath?: boolean;
}

/**
 * Decodes a batch: each record yields its values with its arrival time, or is set aside as invalid with its
 * reason. Never throws on bad data.
 *
 * @example
 * const batch = decodeBatch(event.Records, { valueField: ['latency'] });
 * batch.values.subarray(0, batch.valueCount); // the numbers read
 * batch.invalid; // the records that held none, each with its reason
 */
export function decodeBatch(
  records: readonly KinesisStreamRecord[],
  options: DecodeOptions = {},
): DecodedBatch {
  const field =
    options.valueField !== undefined && options.jsonFastPath !== false
      ? valueFieldReader(options.valueField)
      : undefined;
  return decodeKinesisRecords(
    records,
    options,
    field === undefined ? { full: decodeRecordInFull } : { field, full: decodeRecordInFull },
  );
}
