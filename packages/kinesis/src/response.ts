import type { KinesisStreamBatchResponse } from 'aws-lambda';

/**
 * The partial-batch response Lambda reads with ReportBatchItemFailures: it checkpoints just before the
 * lowest sequence number listed and retries from there. Each sequence number is listed once.
 *
 * A failure must never read as success: when failures are reported but none has a sequence number to name
 * (records without one), the answer is a single empty identifier, which Lambda treats as a failure of the
 * whole batch and retries it all.
 */
export function batchResponse(sequenceNumbers: readonly string[]): KinesisStreamBatchResponse {
  const unique = [...new Set(sequenceNumbers.filter((sequenceNumber) => sequenceNumber !== ''))];
  if (unique.length === 0 && sequenceNumbers.length > 0) {
    return { batchItemFailures: [{ itemIdentifier: '' }] };
  }
  return { batchItemFailures: unique.map((itemIdentifier) => ({ itemIdentifier })) };
}

/**
 * The sequence number Lambda should resume at when record `recordIndex` and those after it were not stored:
 * the first record from there on that has one (the records skipped have none, so they hold no value), else
 * the batch's first record that has one (earlier records are then sent again: a double count, never a loss),
 * else '' (the whole batch is retried).
 */
export function retryPoint(
  sequenceNumberOf: (recordIndex: number) => string,
  recordCount: number,
  recordIndex: number,
): string {
  for (let r = recordIndex; r < recordCount; r++) {
    const sequenceNumber = sequenceNumberOf(r);
    if (sequenceNumber !== '') return sequenceNumber;
  }
  for (let r = 0; r < recordIndex; r++) {
    const sequenceNumber = sequenceNumberOf(r);
    if (sequenceNumber !== '') return sequenceNumber;
  }
  return '';
}
