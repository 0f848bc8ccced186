/** A Kinesis stream on kinesis-local holding the records a test wants, in order. */
import {
  CreateStreamCommand,
  DescribeStreamSummaryCommand,
  KinesisClient,
  PutRecordsCommand,
} from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { KinesisLocal } from '../../src/index.js';

/** Kinesis accepts at most 500 records per PutRecords call. */
const PUT_RECORDS_MAX = 500;

let streams = 0;

/** A client for the emulator: HTTP/1.1 (it breaks on HTTP/2) and dummy credentials (it checks none). */
export function kinesisClient(kinesis: Pick<KinesisLocal, 'endpoint' | 'region'>): KinesisClient {
  return new KinesisClient({
    endpoint: kinesis.endpoint,
    region: kinesis.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    requestHandler: new NodeHttpHandler(),
  });
}

/** Appends `payloads` to `stream`, in order, one PutRecords call at a time. */
export async function putPayloads(client: KinesisClient, stream: string, payloads: readonly string[]) {
  for (let from = 0; from < payloads.length; from += PUT_RECORDS_MAX) {
    const chunk = payloads.slice(from, from + PUT_RECORDS_MAX);
    const answer = await client.send(
      new PutRecordsCommand({
        StreamName: stream,
        Records: chunk.map((payload, i) => ({
          Data: Buffer.from(payload),
          PartitionKey: String(from + i),
        })),
      }),
    );
    if (answer.FailedRecordCount) throw new Error(`${answer.FailedRecordCount} records were not stored`);
  }
}

/** Creates a one-shard stream (unless told otherwise) holding `payloads` in order; returns its name. */
export async function streamWith(
  client: KinesisClient,
  payloads: readonly string[],
  shards = 1,
): Promise<string> {
  streams += 1;
  const stream = `test-${process.pid}-${streams}`;
  await client.send(new CreateStreamCommand({ StreamName: stream, ShardCount: shards }));
  for (;;) {
    const summary = await client.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
    if (summary.StreamDescriptionSummary?.StreamStatus === 'ACTIVE') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  await putPayloads(client, stream, payloads);
  return stream;
}

/** The payloads of an event, as text. */
export function payloadsOf(event: { Records: { kinesis: { data: string } }[] }): string[] {
  return event.Records.map((record) => Buffer.from(record.kinesis.data, 'base64').toString('utf8'));
}
