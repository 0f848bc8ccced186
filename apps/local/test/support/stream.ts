/** A Kinesis stream on kinesis-local holding the records a test wants, in order. */
import { createKinesisClient, produce } from '@cwagg/producer';
import type { KinesisLocal } from '@cwagg/producer/kinesis-local';

let streams = 0;

/** Creates a one-shard stream (unless told otherwise) holding `payloads` in order; returns its name. */
export async function streamWith(
  kinesis: KinesisLocal,
  payloads: readonly string[],
  shards = 1,
): Promise<string> {
  streams += 1;
  const stream = `test-${process.pid}-${streams}`;
  await produce({
    stream,
    endpoint: kinesis.endpoint,
    region: kinesis.region,
    count: payloads.length,
    createStream: { shards },
    // One PutRecords call at a time keeps the records in the order given.
    concurrency: 1,
    payload: (index) => payloads[index] as string,
  });
  return stream;
}

export function kinesisClient(kinesis: KinesisLocal) {
  return createKinesisClient({ endpoint: kinesis.endpoint, region: kinesis.region });
}

/** The payloads of an event, as text. */
export function payloadsOf(event: { Records: { kinesis: { data: string } }[] }): string[] {
  return event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
}
