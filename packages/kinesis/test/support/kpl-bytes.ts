/** One KPL aggregate of arbitrary byte sub-records, made by the maintained aws-kinesis-agg package. */
import { aggregate } from 'aws-kinesis-agg';

export async function kplAggregateOf(subRecords: readonly Uint8Array[]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  await new Promise<void>((resolve, reject) => {
    aggregate(
      subRecords.map((data, i) => ({ partitionKey: `pk-${i % 3}`, data: Buffer.from(data) })),
      (record, callback) => {
        parts.push(new Uint8Array(record.data));
        callback();
      },
      () => resolve(),
      (error) => reject(error),
    );
  });
  if (parts.length !== 1) throw new Error(`expected one aggregate, got ${parts.length}`);
  return parts[0] as Uint8Array;
}
