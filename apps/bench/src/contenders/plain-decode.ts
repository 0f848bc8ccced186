import type { KinesisEvent } from '../workloads.js';

type KinesisRecord = KinesisEvent['Records'][number];

/**
 * How the original sample, and anyone using a metrics library in a Kinesis consumer, reads a record:
 * Node's base64 decoder, a string, parseFloat. The baseline and both peers decode this way.
 */
export function plainDecode(record: KinesisRecord): number {
  return parseFloat(Buffer.from(record.kinesis.data, 'base64').toString());
}
