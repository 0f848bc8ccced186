/**
 * The original sample's approach on KPL aggregates, with the reader AWS maintains for them: aws-kinesis-agg's
 * `deaggregateSync` (checksums checked) per Kinesis record, then Node's base64 decoder and parseFloat per user
 * record, counts in a Map, Values/Counts datums of at most 150 values, one request per 1,000 datums.
 */
import { deaggregateSync, type UserRecord } from 'aws-kinesis-agg';
import type { OutputSink } from '../output.js';
import { KINESIS_NAMESPACE, type KinesisEvent, type WorkloadSpec } from '../workloads.js';
import { countParsed, datumsOf, SAMPLE_IDENTITY, send } from './baseline.js';
import type { Contender } from './types.js';

function userRecordsOf(record: KinesisEvent['Records'][number]): UserRecord[] {
  let records: UserRecord[] = [];
  deaggregateSync(record.kinesis, true, (error, userRecords) => {
    if (error === null || error === undefined) records = userRecords ?? [];
  });
  return records;
}

export function kplBaseline(_spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  return {
    process(event) {
      const counts = new Map<number, number>();
      for (const record of event.Records) {
        for (const userRecord of userRecordsOf(record)) {
          countParsed(counts, parseFloat(Buffer.from(userRecord.data, 'base64').toString()));
        }
      }
      return send(KINESIS_NAMESPACE, datumsOf(SAMPLE_IDENTITY, counts, new Date()), sink);
    },
  };
}
