/**
 * The floor under every Kinesis contender: what any handler must do with a batch before it has done anything
 * of its own. Each record's fields are read and checked as the handlers check them (the data, a sequence
 * number, the arrival time) and each base64 character of its data is read once; nothing is decoded, parsed,
 * aggregated or sent. A contender's CPU per record less this figure is what its own work costs, and a target
 * that asks cwagg to go below a fraction of the baseline is out of reach when this alone takes more.
 */
import type { KinesisEvent } from '../workloads.js';
import type { Contender } from './types.js';

/** Sums the character codes of every record's data, so that the compiler cannot drop the reading. */
export function readRecords(event: KinesisEvent): number {
  const records = event.Records;
  let sum = 0;
  for (let r = 0; r < records.length; r++) {
    const payload = records[r]?.kinesis;
    if (payload === undefined) continue;
    const { sequenceNumber, data } = payload;
    if (typeof sequenceNumber !== 'string' || sequenceNumber === '' || typeof data !== 'string') continue;
    const arrival = payload.approximateArrivalTimestamp;
    if (typeof arrival === 'number' && Number.isFinite(arrival)) sum += arrival;
    for (let i = 0; i < data.length; i++) sum += data.charCodeAt(i);
  }
  return sum;
}

export function readingOnly(): Contender<KinesisEvent> {
  return { process: readRecords };
}
