import type { KinesisStreamBatchResponse } from 'aws-lambda';

/**
 * The partial-batch response Lambda reads with ReportBatchItemFailures: it checkpoints just before the
 * lowest sequence number listed and retries from there. An empty identifier would fail the whole batch,
 * so none is ever listed.
 */
export function batchResponse(sequenceNumbers: readonly string[]): KinesisStreamBatchResponse {
  const unique = [...new Set(sequenceNumbers.filter((sequenceNumber) => sequenceNumber !== ''))];
  return { batchItemFailures: unique.map((itemIdentifier) => ({ itemIdentifier })) };
}
