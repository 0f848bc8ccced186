/**
 * What Lambda's event source mapping does with a partial-batch response, reduced to its rule: invoke with
 * up to `batchSize` records from the checkpoint; on failures, resume just before the lowest reported
 * sequence number; otherwise move past the batch.
 */
import type { KinesisStreamEvent, KinesisStreamRecord } from 'aws-lambda';
import type { KinesisHandler } from '../../src/index.js';

export interface Replay {
  invocations: number;
  retriedInvocations: number;
}

export async function consumeLikeLambda(
  handler: KinesisHandler,
  records: readonly KinesisStreamRecord[],
  batchSize: number,
  maxInvocations = 10_000,
): Promise<Replay> {
  let position = 0;
  const replay: Replay = { invocations: 0, retriedInvocations: 0 };
  while (position < records.length) {
    if (replay.invocations >= maxInvocations) throw new Error('too many invocations: the consumer is stuck');
    const batch = records.slice(position, position + batchSize);
    const event: KinesisStreamEvent = { Records: batch };
    const response = await handler(event);
    replay.invocations++;
    const failures = response?.batchItemFailures ?? [];
    if (failures.length === 0) {
      position += batch.length;
      continue;
    }
    replay.retriedInvocations++;
    // Sequence numbers exceed 2^53: compare them as BigInts.
    const [lowest] = failures
      .map((failure) => BigInt(failure.itemIdentifier as string))
      .sort((a, b) => (a < b ? -1 : 1));
    const at = batch.findIndex((record) => BigInt(record.kinesis.sequenceNumber) === lowest);
    if (at < 0) throw new Error(`reported sequence number ${lowest} is not in the batch`);
    position += at;
  }
  return replay;
}
