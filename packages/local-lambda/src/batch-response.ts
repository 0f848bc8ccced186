/**
 * How Lambda reads a Kinesis function's answer with ReportBatchItemFailures (Lambda developer guide, "Reporting
 * batch item failures"): none, an empty list or no list is success; the lowest sequence number listed is where
 * the shard is read again; an empty, malformed or unknown itemIdentifier fails the whole batch.
 */
import type { _Record as KinesisRecord } from '@aws-sdk/client-kinesis';

export type BatchOutcome =
  | { kind: 'success' }
  | { kind: 'partial'; failedIndex: number }
  | { kind: 'error'; reason: string };

/** Sequence numbers exceed 2^53: compare them as BigInts. */
export function sequenceKey(sequenceNumber: string): bigint | undefined {
  return /^\d{1,128}$/.test(sequenceNumber) ? BigInt(sequenceNumber) : undefined;
}

/** Reads Lambda's partial-batch answer the way Lambda does. */
export function interpretResponse(
  response: unknown,
  batch: readonly Pick<KinesisRecord, 'SequenceNumber'>[],
): BatchOutcome {
  if (response === null || typeof response !== 'object') return { kind: 'success' };
  const failures = (response as { batchItemFailures?: unknown }).batchItemFailures;
  if (failures === undefined || failures === null) return { kind: 'success' };
  if (!Array.isArray(failures)) {
    return { kind: 'error', reason: 'batchItemFailures is not a list' };
  }
  if (failures.length === 0) return { kind: 'success' };
  let lowest: bigint | undefined;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const key = typeof id === 'string' && id !== '' ? sequenceKey(id) : undefined;
    if (key === undefined) {
      return {
        kind: 'error',
        reason: `batchItemFailures has a malformed itemIdentifier (${JSON.stringify(id)})`,
      };
    }
    if (lowest === undefined || key < lowest) lowest = key;
  }
  const failedIndex = batch.findIndex((record) => sequenceKey(record.SequenceNumber ?? '') === lowest);
  if (failedIndex < 0) {
    return { kind: 'error', reason: `batchItemFailures names ${lowest} which is not in the batch` };
  }
  return { kind: 'partial', failedIndex };
}
