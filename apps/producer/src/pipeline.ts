import { type KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { isRetryableError, isThrottlingError, ProducerError } from './errors.js';
import { MAX_PARTITION_KEY_LENGTH, MAX_PUT_RECORDS_BYTES, MAX_RECORDS_PER_PUT_RECORDS } from './limits.js';
import type { GeneratedRecord } from './records.js';
import { burstFor, TokenBucket } from './token-bucket.js';

export interface RecordFailure {
  index: number;
  partitionKey: string;
  errorCode: string;
  errorMessage: string;
  /** PutRecords attempts made for it (0: refused before sending). */
  attempts: number;
}

export interface PipelineSettings {
  client: KinesisClient;
  stream: string;
  /** The next record to send, or undefined once the run has produced all it will. */
  nextRecord: () => GeneratedRecord | undefined;
  /** Records per second, 0 = as fast as the stream takes them. */
  rate: number;
  /** PutRecords calls in flight at once. */
  concurrency: number;
  /** Attempts per record before it is reported as failed. */
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** How long a record may wait for more to fill its batch. */
  lingerMs: number;
  /** The stream's record size limit (data + partition key). */
  maxRecordBytes: number;
  /** Failures kept with details; the rest are only counted. */
  maxFailuresKept: number;
  signal?: AbortSignal | undefined;
}

export interface PipelineCounters {
  generated: number;
  sent: number;
  failed: number;
  retries: number;
  throttled: number;
  putRecordsCalls: number;
  bytes: number;
  inFlight: number;
  queued: number;
}

interface PendingRecord {
  index: number;
  data: Uint8Array;
  partitionKey: string;
  bytes: number;
  attempts: number;
  /** Not before this time (back-off after a failure). */
  readyAt: number;
  queuedAt: number;
}

const errorName = (err: unknown): string => (err as { name?: string })?.name ?? 'Error';
const errorMessage = (err: unknown): string => (err as { message?: string })?.message ?? String(err);

function partitionKeyLength(key: string): number {
  // Kinesis counts Unicode characters; UTF-16 length is an upper bound, so count only when needed.
  return key.length <= MAX_PARTITION_KEY_LENGTH ? key.length : [...key].length;
}

/**
 * Sends records with PutRecords: batches of at most 500 records and 5 MiB, a few calls in flight,
 * an optional token-bucket rate, and per-record retries with exponential back-off and full jitter.
 *
 * Order within a partition key is kept where Kinesis allows it: a key is never in two calls at once,
 * and a record waiting for a retry holds back the later records of its key. (Within one call Kinesis
 * may still accept a later record of a key after refusing an earlier one.)
 */
export class PutRecordsPipeline {
  private queue: PendingRecord[] = []; // always sorted by index
  private readonly keysInFlight = new Map<string, number>();
  private readonly calls = new Set<Promise<void>>();
  private readonly bucket: TokenBucket | undefined;
  private readonly queueTarget: number;
  private batchesInFlight = 0;
  private generationDone = false;
  private stopping = false;
  private wakeAt = Number.POSITIVE_INFINITY;
  private wake: () => void = () => {};

  readonly counters: PipelineCounters = {
    generated: 0,
    sent: 0,
    failed: 0,
    retries: 0,
    throttled: 0,
    putRecordsCalls: 0,
    bytes: 0,
    inFlight: 0,
    queued: 0,
  };
  readonly failures: RecordFailure[] = [];
  readonly failureCodes: Record<string, number> = {};
  /** Set when a call failed in a way retrying cannot fix (missing stream, access denied, ...). */
  fatalError: unknown;
  aborted = false;

  constructor(private readonly settings: PipelineSettings) {
    if (settings.rate > 0) {
      this.bucket = new TokenBucket(
        settings.rate,
        burstFor(settings.rate, MAX_RECORDS_PER_PUT_RECORDS),
        Date.now(),
      );
    }
    // Enough generated ahead to fill every call slot, and one more round.
    this.queueTarget = MAX_RECORDS_PER_PUT_RECORDS * (settings.concurrency + 1);
  }

  /** Records generated but never accepted nor given up on, because the run stopped early. */
  get unsent(): number {
    return this.queue.length;
  }

  async run(): Promise<void> {
    const { signal } = this.settings;
    const onAbort = (): void => {
      this.aborted = true;
      this.stop();
    };
    if (signal?.aborted) onAbort();
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const now = Date.now();
        if (!this.stopping) {
          this.refill(now);
          this.launchReady(now);
        }
        if (this.finished()) break;
        await this.waitForNextEvent();
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      this.counters.queued = this.queue.length;
    }
  }

  private stop(): void {
    this.stopping = true;
    this.wake();
  }

  private finished(): boolean {
    if (this.batchesInFlight > 0) return false;
    return this.stopping || (this.generationDone && this.queue.length === 0);
  }

  private refill(now: number): void {
    while (!this.generationDone && this.queue.length < this.queueTarget) {
      if (this.bucket && !this.bucket.tryTake(now)) break;
      let record: GeneratedRecord | undefined;
      try {
        record = this.settings.nextRecord();
      } catch (err) {
        const reason = err instanceof Error ? err.message : String(err);
        this.fatalError ??= new ProducerError(
          'RECORD_GENERATION',
          `Generating record ${this.counters.generated} failed: ${reason}`,
          { cause: err },
        );
        this.generationDone = true;
        this.stop();
        return;
      }
      if (!record) {
        this.generationDone = true;
        break;
      }
      this.counters.generated += 1;
      const bytes = record.data.byteLength + Buffer.byteLength(record.partitionKey, 'utf8');
      const refusal = this.refusal(record, bytes);
      if (refusal) {
        this.recordFailure({ ...record, attempts: 0 }, refusal.code, refusal.message);
        continue;
      }
      this.queue.push({ ...record, bytes, attempts: 0, readyAt: 0, queuedAt: now });
    }
    this.counters.queued = this.queue.length;
  }

  /** Records Kinesis would refuse, caught before they are sent. */
  private refusal(record: GeneratedRecord, bytes: number): { code: string; message: string } | undefined {
    const keyLength = partitionKeyLength(record.partitionKey);
    if (keyLength === 0) return { code: 'InvalidPartitionKey', message: 'the partition key is empty' };
    if (keyLength > MAX_PARTITION_KEY_LENGTH) {
      return {
        code: 'InvalidPartitionKey',
        message: `the partition key is ${keyLength} characters; Kinesis takes at most ${MAX_PARTITION_KEY_LENGTH}`,
      };
    }
    if (bytes > this.settings.maxRecordBytes) {
      return {
        code: 'RecordTooLarge',
        message:
          `record ${record.index} is ${bytes.toLocaleString('en-US')} bytes (data and partition key); ` +
          `the stream takes at most ${this.settings.maxRecordBytes.toLocaleString('en-US')}`,
      };
    }
    return undefined;
  }

  private launchReady(now: number): void {
    this.wakeAt = Number.POSITIVE_INFINITY;
    while (this.batchesInFlight < this.settings.concurrency) {
      const batch = this.nextBatch(now);
      if (!batch) break;
      this.launch(batch);
    }
    // With every slot busy, only a finished call can change anything.
    if (this.batchesInFlight >= this.settings.concurrency) this.wakeAt = Number.POSITIVE_INFINITY;
    if (this.bucket && !this.generationDone && this.queue.length < this.queueTarget) {
      this.wakeAt = Math.min(this.wakeAt, now + this.bucket.msUntilNext(now));
    }
  }

  /**
   * The next batch to send, or undefined if it is better to wait: for more records to fill it (up
   * to the linger time), for a back-off to end, or for a key to come back from a call in flight.
   */
  private nextBatch(now: number): PendingRecord[] | undefined {
    const taken: PendingRecord[] = [];
    const rest: PendingRecord[] = [];
    const blockedKeys = new Set<string>();
    let bytes = 0;
    let full = false;
    let earliestReady = Number.POSITIVE_INFINITY;
    for (const record of this.queue) {
      if (full) {
        rest.push(record);
        continue;
      }
      const key = record.partitionKey;
      if (blockedKeys.has(key) || this.keysInFlight.has(key) || record.readyAt > now) {
        if (record.readyAt > now) earliestReady = Math.min(earliestReady, record.readyAt);
        blockedKeys.add(key);
        rest.push(record);
        continue;
      }
      if (taken.length > 0 && bytes + record.bytes > MAX_PUT_RECORDS_BYTES) {
        full = true;
        rest.push(record);
        continue;
      }
      taken.push(record);
      bytes += record.bytes;
      // A record over 5 MiB (streams with large records) travels alone, in a 10 MiB call.
      if (taken.length === MAX_RECORDS_PER_PUT_RECORDS || record.bytes > MAX_PUT_RECORDS_BYTES) full = true;
    }
    if (taken.length === 0) {
      this.wakeAt = Math.min(this.wakeAt, earliestReady);
      return undefined;
    }
    const oldest = taken.reduce((min, r) => Math.min(min, r.queuedAt), Number.POSITIVE_INFINITY);
    const sendNow =
      full ||
      this.generationDone ||
      this.queue.length >= this.queueTarget ||
      now - oldest >= this.settings.lingerMs;
    if (!sendNow) {
      this.wakeAt = Math.min(this.wakeAt, earliestReady, oldest + this.settings.lingerMs);
      return undefined;
    }
    this.queue = rest;
    this.counters.queued = rest.length;
    return taken;
  }

  private launch(batch: PendingRecord[]): void {
    this.batchesInFlight += 1;
    this.counters.inFlight += batch.length;
    for (const r of batch)
      this.keysInFlight.set(r.partitionKey, (this.keysInFlight.get(r.partitionKey) ?? 0) + 1);
    const call = this.send(batch)
      .catch((err) => {
        this.fatalError ??= err;
        this.stop();
      })
      .finally(() => {
        this.batchesInFlight -= 1;
        this.counters.inFlight -= batch.length;
        for (const r of batch) {
          const left = (this.keysInFlight.get(r.partitionKey) ?? 1) - 1;
          if (left === 0) this.keysInFlight.delete(r.partitionKey);
          else this.keysInFlight.set(r.partitionKey, left);
        }
        this.calls.delete(call);
        this.wake();
      });
    this.calls.add(call);
  }

  private async send(batch: PendingRecord[]): Promise<void> {
    this.counters.putRecordsCalls += 1;
    for (const r of batch) r.attempts += 1;
    let results: { ErrorCode?: string | undefined; ErrorMessage?: string | undefined }[];
    try {
      const output = await this.settings.client.send(
        new PutRecordsCommand({
          StreamName: this.settings.stream,
          Records: batch.map((r) => ({ Data: r.data, PartitionKey: r.partitionKey })),
        }),
      );
      results = output.Records ?? [];
    } catch (err) {
      if (!isRetryableError(err)) {
        // Retrying cannot help (no stream, no access...): stop the run; these records were not sent.
        this.fatalError ??= err;
        for (const r of batch) this.requeue(r);
        this.stop();
        return;
      }
      const throttled = isThrottlingError(err);
      for (const r of batch) this.retryOrFail(r, errorName(err), errorMessage(err), throttled);
      return;
    }
    if (results.length !== batch.length) {
      const message = `PutRecords answered ${results.length} results for ${batch.length} records`;
      for (const r of batch) this.retryOrFail(r, 'InvalidResponse', message, false);
      return;
    }
    batch.forEach((record, i) => {
      const result = results[i];
      if (result?.ErrorCode) {
        const throttled = result.ErrorCode === 'ProvisionedThroughputExceededException';
        this.retryOrFail(record, result.ErrorCode, result.ErrorMessage ?? '', throttled);
      } else {
        this.counters.sent += 1;
        this.counters.bytes += record.bytes;
      }
    });
  }

  private retryOrFail(record: PendingRecord, code: string, message: string, throttled: boolean): void {
    if (throttled) this.counters.throttled += 1;
    if (this.stopping) {
      this.requeue(record);
    } else if (record.attempts >= this.settings.maxAttempts) {
      this.recordFailure(record, code, message);
    } else {
      this.counters.retries += 1;
      const ceiling = Math.min(
        this.settings.backoffMaxMs,
        this.settings.backoffBaseMs * 2 ** (record.attempts - 1),
      );
      record.readyAt = Date.now() + Math.random() * ceiling; // full jitter
      this.requeue(record);
    }
  }

  /** Back into the queue at its place by index, ahead of every later record. */
  private requeue(record: PendingRecord): void {
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if ((this.queue[mid]?.index ?? 0) < record.index) low = mid + 1;
      else high = mid;
    }
    this.queue.splice(low, 0, record);
    this.counters.queued = this.queue.length;
  }

  private recordFailure(
    record: { index: number; partitionKey: string; attempts: number },
    errorCode: string,
    errorMessage: string,
  ): void {
    this.counters.failed += 1;
    this.failureCodes[errorCode] = (this.failureCodes[errorCode] ?? 0) + 1;
    if (this.failures.length < this.settings.maxFailuresKept) {
      this.failures.push({
        index: record.index,
        partitionKey: record.partitionKey,
        errorCode,
        errorMessage,
        attempts: record.attempts,
      });
    }
  }

  private async waitForNextEvent(): Promise<void> {
    const delay =
      this.wakeAt === Number.POSITIVE_INFINITY ? undefined : Math.max(0, this.wakeAt - Date.now());
    if (delay === undefined && this.batchesInFlight === 0 && !this.stopping) {
      // Nothing in flight and no timer: cannot happen by design; poll rather than hang.
      await new Promise((resolve) => setTimeout(resolve, this.settings.lingerMs));
      return;
    }
    await new Promise<void>((resolve) => {
      const timer = delay === undefined ? undefined : setTimeout(done, delay);
      function done(): void {
        if (timer) clearTimeout(timer);
        resolve();
      }
      this.wake = done;
    });
    this.wake = () => {};
  }
}
