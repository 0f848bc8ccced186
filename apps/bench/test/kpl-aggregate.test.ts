import { deaggregate } from '@cwagg/kinesis';
import { deaggregateSync, type UserRecord } from 'aws-kinesis-agg';
import { describe, expect, it } from 'vitest';
import { KPL_AGGREGATION_MAX_BYTES, kplAggregates } from '../src/kpl-aggregate.js';
import { batchesFor } from '../src/measure.js';
import { KPL_VALUES_PER_BATCH, previousMinute } from '../src/workloads.js';

const text = (bytes: Uint8Array) => Buffer.from(bytes).toString('utf8');

function readByAwsKinesisAgg(aggregate: Buffer): UserRecord[] {
  let records: UserRecord[] | undefined;
  deaggregateSync(
    { data: aggregate.toString('base64'), partitionKey: 'p', sequenceNumber: '1' } as never,
    true,
    (error, userRecords) => {
      if (error) throw error;
      records = userRecords;
    },
  );
  return records ?? [];
}

describe('KPL aggregates for the bench', () => {
  it('are read back by aws-kinesis-agg and by cwagg, in order, each within the KPL’s default size', () => {
    const keys = ['a', 'b', 'c'];
    const values = Array.from({ length: 20_000 }, (_, i) => String((i * 7919) % 1001));
    const aggregates = [
      ...kplAggregates(keys, values.length, (i) => ({
        keyIndex: i % 3,
        data: Buffer.from(values[i] as string),
      })),
    ];
    expect(aggregates.length).toBeGreaterThan(1);
    const byAws: string[] = [];
    const byCwagg: string[] = [];
    for (const aggregate of aggregates) {
      expect(aggregate.length).toBeLessThanOrEqual(KPL_AGGREGATION_MAX_BYTES);
      for (const record of readByAwsKinesisAgg(aggregate)) {
        byAws.push(Buffer.from(record.data, 'base64').toString());
        expect(keys).toContain(record.partitionKey);
      }
      const outcome = deaggregate(aggregate);
      expect(outcome.reason).toBeUndefined();
      byCwagg.push(...(outcome.records ?? []).map(text));
    }
    expect(byAws).toEqual(values);
    expect(byCwagg).toEqual(values);
  });

  it('fill one Lambda event of under 6 MB with the workload’s 460,000 values', () => {
    const { batches } = batchesFor({
      workload: 'kplAggregates',
      records: KPL_VALUES_PER_BATCH,
      seed: 1,
      minuteStart: previousMinute(),
    });
    expect(batches).toHaveLength(1);
    const event = batches[0] as { Records: { kinesis: { data: string } }[] };
    expect(JSON.stringify(event).length).toBeLessThan(6_000_000);
    let values = 0;
    for (const record of event.Records) {
      values += deaggregate(Buffer.from(record.kinesis.data, 'base64')).records?.length ?? 0;
    }
    expect(values).toBe(KPL_VALUES_PER_BATCH);
  });
});
