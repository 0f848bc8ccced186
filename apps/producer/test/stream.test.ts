/** Creating, describing and waiting for a stream, against a stand-in Kinesis client: in process, no emulator. */
import type { KinesisClient, StreamDescriptionSummary } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { describeStream, ensureStream, ProducerError, waitForStreamActive } from '../src/index.js';
import { DEFAULT_MAX_RECORD_BYTES, MAX_PUT_RECORDS_BYTES_LARGE_RECORDS } from '../src/limits.js';

const named = (name: string, message = name) => Object.assign(new Error(message), { name });

/**
 * Answers CreateStream with `create` (or success) and each DescribeStreamSummary with the next summary
 * of `statuses` (the last one repeats); records the commands it got.
 */
function fakeKinesis(options: { create?: () => never; statuses: Array<Partial<StreamDescriptionSummary>> }) {
  const commands: string[] = [];
  let describes = 0;
  const client = {
    async send(command: { constructor: { name: string }; input: unknown }) {
      const name = command.constructor.name;
      commands.push(name);
      if (name === 'CreateStreamCommand') {
        options.create?.();
        return {};
      }
      const summary = options.statuses[Math.min(describes, options.statuses.length - 1)];
      describes += 1;
      return { StreamDescriptionSummary: summary };
    },
  } as unknown as KinesisClient;
  return { client, commands };
}

describe('describing a stream', () => {
  it('reports shards, mode and the record size the stream takes', async () => {
    const { client } = fakeKinesis({
      statuses: [
        {
          StreamARN: 'arn:aws:kinesis:us-east-1:1:stream/s',
          StreamStatus: 'ACTIVE',
          OpenShardCount: 4,
          StreamModeDetails: { StreamMode: 'ON_DEMAND' },
          MaxRecordSizeInKiB: 2048,
        },
      ],
    });
    expect(await describeStream(client, 's')).toEqual({
      name: 's',
      arn: 'arn:aws:kinesis:us-east-1:1:stream/s',
      status: 'ACTIVE',
      shards: 4,
      mode: 'ON_DEMAND',
      maxRecordBytes: 2048 * 1024,
      created: false,
    });
  });

  it('takes the 1 MiB default without a record size, and caps a larger one at what PutRecords takes', async () => {
    const plain = fakeKinesis({ statuses: [{ StreamStatus: 'ACTIVE' }] });
    expect(await describeStream(plain.client, 's')).toMatchObject({
      maxRecordBytes: DEFAULT_MAX_RECORD_BYTES,
      mode: 'PROVISIONED',
      shards: 0,
    });
    const huge = fakeKinesis({ statuses: [{ StreamStatus: 'ACTIVE', MaxRecordSizeInKiB: 20_480 }] });
    expect((await describeStream(huge.client, 's')).maxRecordBytes).toBe(MAX_PUT_RECORDS_BYTES_LARGE_RECORDS);
  });
});

describe('waiting for a stream', () => {
  it('polls until it takes writes: ACTIVE, or UPDATING', async () => {
    const { client, commands } = fakeKinesis({
      statuses: [{ StreamStatus: 'CREATING' }, { StreamStatus: 'CREATING' }, { StreamStatus: 'UPDATING' }],
    });
    expect((await waitForStreamActive(client, 's')).status).toBe('UPDATING');
    expect(commands).toHaveLength(3);
  });

  it('gives up on a stream being deleted, and after its time', async () => {
    const deleting = fakeKinesis({ statuses: [{ StreamStatus: 'DELETING' }] });
    await expect(waitForStreamActive(deleting.client, 's')).rejects.toMatchObject({
      code: 'STREAM_NOT_ACTIVE',
      message: 'Stream "s" is being deleted; try again once it is gone.',
    });
    const stuck = fakeKinesis({ statuses: [{ StreamStatus: 'CREATING' }] });
    await expect(waitForStreamActive(stuck.client, 's', { timeoutMs: 0 })).rejects.toThrow(
      'Stream "s" is still CREATING; gave up waiting.',
    );
  });
});

describe('ensuring a stream', () => {
  it('creates it and says so', async () => {
    const { client, commands } = fakeKinesis({ statuses: [{ StreamStatus: 'ACTIVE', OpenShardCount: 2 }] });
    expect(await ensureStream(client, 's', { shards: 2 })).toMatchObject({ created: true, shards: 2 });
    expect(commands).toEqual(['CreateStreamCommand', 'DescribeStreamSummaryCommand']);
  });

  it('reuses one that exists as it is', async () => {
    const { client } = fakeKinesis({
      create: () => {
        throw named('ResourceInUseException');
      },
      statuses: [{ StreamStatus: 'ACTIVE', OpenShardCount: 5 }],
    });
    expect(await ensureStream(client, 's', { shards: 2 })).toMatchObject({ created: false, shards: 5 });
  });

  it('retries a throttled CreateStream, and lets any other error through', async () => {
    let attempts = 0;
    const throttled = fakeKinesis({
      create: () => {
        attempts += 1;
        if (attempts < 3) throw named('LimitExceededException');
        return undefined as never;
      },
      statuses: [{ StreamStatus: 'ACTIVE' }],
    });
    expect((await ensureStream(throttled.client, 's', { shards: 1 })).created).toBe(true);
    expect(attempts).toBe(3);
    const denied = fakeKinesis({
      create: () => {
        throw named('AccessDeniedException');
      },
      statuses: [],
    });
    await expect(ensureStream(denied.client, 's', { shards: 1 })).rejects.toMatchObject({
      name: 'AccessDeniedException',
    });
  });

  it('refuses a shard count that is not a whole number of at least 1, before any call', async () => {
    const { client, commands } = fakeKinesis({ statuses: [] });
    for (const shards of [0, 1.5]) {
      await expect(ensureStream(client, 's', { shards })).rejects.toThrow(ProducerError);
    }
    expect(commands).toEqual([]);
  });
});
