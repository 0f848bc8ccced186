import { lambdaEventFromRecords, type StreamRecordInput } from '@cwagg/local-lambda';
import { aggregate } from 'aws-kinesis-agg';
import type { KinesisStreamEvent } from 'aws-lambda';

/** Records arrived a few minutes ago: inside the window CloudWatch (and the local endpoint) accepts. */
export const ARRIVAL = Math.floor(Date.now() / 60_000) * 60_000 - 5 * 60_000 + 10_000;

/** Sequence numbers as Kinesis makes them: long decimal strings that increase. */
export function sequenceNumber(i: number): string {
  return `4962${String(1_000_000_000 + i).padStart(50, '0')}`;
}

export function eventOf(payloads: readonly (string | Uint8Array)[], arrival = ARRIVAL): KinesisStreamEvent {
  const records: StreamRecordInput[] = payloads.map((data, i) => ({
    data,
    sequenceNumber: sequenceNumber(i),
    approximateArrivalTimestamp: arrival,
  }));
  return lambdaEventFromRecords(records);
}

/** KPL aggregates made by the maintained aws-kinesis-agg package, one per group of payloads. */
export async function kplAggregates(groups: readonly (readonly string[])[]): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (const group of groups) {
    const encoded = await new Promise<Uint8Array[]>((resolve, reject) => {
      const parts: Uint8Array[] = [];
      aggregate(
        group.map((data, i) => ({ partitionKey: `pk-${i % 3}`, data: Buffer.from(data) })),
        (record, callback) => {
          parts.push(new Uint8Array(record.data));
          callback();
        },
        () => resolve(parts),
        (error) => reject(error),
      );
    });
    if (encoded.length !== 1) throw new Error(`expected one aggregate, got ${encoded.length}`);
    out.push(encoded[0] as Uint8Array);
  }
  return out;
}

/** A deterministic generator so fixtures are the same every run (the workspace's one seeded PRNG). */
export { seededRandom } from '@cwagg/cli';
