/**
 * The original sample's approach on KPL aggregates, with the reader AWS maintains for them: aws-kinesis-agg's
 * `deaggregateSync` (checksums checked) per Kinesis record, then Node's base64 decoder and parseFloat per user
 * record, counts in a Map, Values/Counts datums of at most 150 values, one request per 1,000 datums.
 */
import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import { deaggregateSync, type UserRecord } from 'aws-kinesis-agg';
import type { OutputSink } from '../output.js';
import {
  KINESIS_METRIC_NAME,
  KINESIS_NAMESPACE,
  type KinesisEvent,
  type WorkloadSpec,
} from '../workloads.js';
import { type DatumIdentity, datumsOf, send } from './baseline.js';
import type { Contender } from './types.js';

function userRecordsOf(record: KinesisEvent['Records'][number]): UserRecord[] {
  let records: UserRecord[] = [];
  deaggregateSync(record.kinesis, true, (error, userRecords) => {
    if (error === null || error === undefined) records = userRecords ?? [];
  });
  return records;
}

export function kplBaseline(_spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  const identity: DatumIdentity = {
    MetricName: KINESIS_METRIC_NAME,
    Dimensions: [{ Name: TYPE_DIMENSION, Value: TYPE_BY_KIND.aggregated }],
    Unit: 'None',
  };
  return {
    process(event) {
      const counts = new Map<number, number>();
      for (const record of event.Records) {
        for (const userRecord of userRecordsOf(record)) {
          const value = parseFloat(Buffer.from(userRecord.data, 'base64').toString());
          if (Number.isNaN(value)) continue;
          counts.set(value, (counts.get(value) ?? 0) + 1);
        }
      }
      return send(KINESIS_NAMESPACE, datumsOf(identity, counts, new Date()), sink);
    },
  };
}
