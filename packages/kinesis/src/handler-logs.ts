/**
 * The log lines both handlers write about what they set aside: invalid records, values set aside (with a
 * mapping) and values the cardinality guard folded, each a bounded sample, so that a bad batch cannot flood
 * the logs.
 */
import type { SetAsideValue } from './batch.js';
import type { HandlerKind } from './config.js';
import type { DecodedBatch, InvalidRecord } from './decode.js';
import type { Logger } from './log.js';

/** Invalid records logged per invocation: enough to diagnose, bounded so a bad batch cannot flood the logs. */
export const INVALID_SAMPLE_SIZE = 10;

export function logInvalid(log: Logger, kind: HandlerKind, invalid: readonly InvalidRecord[]): void {
  if (invalid.length === 0) return;
  log.warn('invalid records set aside', {
    handler: kind,
    invalidRecords: invalid.length,
    sample: invalid.slice(0, INVALID_SAMPLE_SIZE).map(({ sequenceNumber, subSequenceNumber, reason }) => ({
      sequenceNumber,
      ...(subSequenceNumber === undefined ? {} : { subSequenceNumber }),
      reason,
    })),
  });
}

export function logSetAside(
  log: Logger,
  kind: HandlerKind,
  batch: DecodedBatch,
  setAside: readonly SetAsideValue[],
): void {
  if (setAside.length === 0) return;
  const byReason: Record<string, number> = {};
  for (const { reason } of setAside) byReason[reason] = (byReason[reason] ?? 0) + 1;
  log.warn('values set aside', {
    handler: kind,
    values: setAside.length,
    byReason,
    sample: setAside.slice(0, INVALID_SAMPLE_SIZE).map(({ recordIndex, reason, detail }) => ({
      sequenceNumber: batch.sequenceNumberOf(recordIndex),
      reason,
      detail,
    })),
  });
}

/** Once per invocation: which dimensions the cardinality guard folded, how many values, and a sample. */
export function logFolded(log: Logger, kind: HandlerKind, batch: DecodedBatch): void {
  const mapped = batch.mapped;
  if (mapped === undefined || mapped.folded.length === 0) return;
  const values: Record<string, number> = {};
  for (const { dimension } of mapped.folded) values[dimension] = (values[dimension] ?? 0) + 1;
  log.warn('dimension values folded into their overflow value', {
    handler: kind,
    values,
    dimensions: mapped.foldReport,
  });
}
