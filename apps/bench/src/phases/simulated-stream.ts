/**
 * A Kinesis stream simulated in memory for the windows phase: records arrive on each shard at a steady rate
 * (their ApproximateArrivalTimestamp is when they arrive, read against the real clock), and the shard
 * answers GetShardIterator and GetRecords as Kinesis does (at most Limit records, those arrived so far,
 * MillisBehindLatest). It stands in for the client of @cwagg/local-lambda's shard poller, so the batches,
 * the tumbling windows and the checkpoints are the poller's own; only the emulator process is left out
 * (kinesis-local slows down as it fills, which would measure the emulator, not the windows).
 */

/** The poller's requests, as the AWS SDK's command objects carry them. */
interface Command {
  constructor: { name: string };
  input: Record<string, unknown>;
}

export interface SimulatedShard {
  readonly shardId: string;
  /** Records this shard receives in all. */
  readonly records: number;
}

export interface SimulatedStream {
  readonly shards: SimulatedShard[];
  /** The client the poller is given: `send` for GetShardIterator and GetRecords. */
  readonly client: { send(command: unknown): Promise<unknown> };
  /** Records arrived so far over every shard. */
  arrived(): number;
}

export interface SimulatedStreamOptions {
  shards: number;
  /** Records per second over the whole stream, spread evenly over the shards. */
  recordsPerSecond: number;
  /** How long records keep arriving. */
  durationMs: number;
  /** The payload of the i-th record of a shard. */
  payload: (shard: number, index: number) => string;
  /** Epoch ms of the first arrival (default now). */
  startMs?: number;
}

const encoder = new TextEncoder();

export function simulatedStream(options: SimulatedStreamOptions): SimulatedStream {
  const start = options.startMs ?? Date.now();
  const perShard = options.recordsPerSecond / options.shards;
  const total = Math.floor((perShard * options.durationMs) / 1000);
  const shards = Array.from({ length: options.shards }, (_, s) => ({
    shardId: `shardId-${String(s).padStart(12, '0')}`,
    records: total,
  }));
  const shardIndex = new Map(shards.map((shard, s) => [shard.shardId, s]));
  // Record i of a shard arrives i / perShard seconds after the start.
  const arrivalOf = (index: number): number => start + Math.floor((index * 1000) / perShard);
  const arrivedOn = (now: number): number =>
    Math.min(total, Math.max(0, Math.floor(((now - start) * perShard) / 1000) + 1));
  // Sequence numbers: zero-padded so that they order as text, as Kinesis's do.
  const sequenceOf = (index: number): string => String(index + 1).padStart(20, '0');

  const getRecords = (iterator: string, limit: number) => {
    const [shardText, fromText] = iterator.split(':');
    const shard = Number(shardText);
    const from = Number(fromText);
    const now = Date.now();
    const upTo = Math.min(arrivedOn(now), from + limit);
    const records = [];
    for (let index = from; index < upTo; index++) {
      records.push({
        SequenceNumber: sequenceOf(index),
        ApproximateArrivalTimestamp: new Date(arrivalOf(index)),
        Data: encoder.encode(options.payload(shard, index)),
        PartitionKey: String(shard),
      });
    }
    const latest = arrivedOn(now);
    return {
      Records: records,
      NextShardIterator: `${shard}:${upTo}`,
      MillisBehindLatest: upTo < latest ? Math.max(0, now - arrivalOf(upTo)) : 0,
    };
  };

  const client = {
    async send(command: unknown): Promise<unknown> {
      const { input } = command as Command;
      const name = (command as Command).constructor.name;
      switch (name) {
        case 'GetShardIteratorCommand': {
          const shard = shardIndex.get(String(input.ShardId));
          if (shard === undefined) throw new Error(`no shard ${String(input.ShardId)}`);
          // Sequence number k is record k - 1 (sequenceOf): after it reads from k, at it from k - 1.
          const sequence = input.StartingSequenceNumber;
          const from =
            sequence === undefined
              ? 0
              : input.ShardIteratorType === 'AT_SEQUENCE_NUMBER'
                ? Number(sequence) - 1
                : Number(sequence);
          return { ShardIterator: `${shard}:${from}` };
        }
        case 'GetRecordsCommand':
          return getRecords(String(input.ShardIterator), Number(input.Limit ?? 10_000));
        default:
          throw new Error(`the simulated stream does not answer ${name}`);
      }
    },
  };
  return {
    shards,
    client,
    arrived: () => shards.length * arrivedOn(Date.now()),
  };
}
