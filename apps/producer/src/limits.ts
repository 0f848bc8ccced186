/**
 * Amazon Kinesis Data Streams limits the producer enforces, each with its source.
 * These are Kinesis limits, not CloudWatch ones, so they live here rather than in @cwagg/core.
 * Source: Amazon Kinesis Data Streams API Reference, "PutRecords" and "PutRecordsRequestEntry",
 * and the Kinesis Data Streams quotas page.
 */

/** PutRecords: at most 500 records per call. */
export const MAX_RECORDS_PER_PUT_RECORDS = 500;

/**
 * PutRecords: 5 MiB per call, data blobs plus partition keys. (Streams configured for records over
 * 5 MiB accept 10 MiB calls; the producer then sends such a record on its own.)
 */
export const MAX_PUT_RECORDS_BYTES = 5 * 1024 * 1024;

/** PutRecords on a stream whose MaxRecordSizeInKiB exceeds 5 MiB: 10 MiB per call. */
export const MAX_PUT_RECORDS_BYTES_LARGE_RECORDS = 10 * 1024 * 1024;

/**
 * A record (data blob plus partition key) may be at most 1 MiB unless the stream reports a larger
 * MaxRecordSizeInKiB (1024..10240 KiB since 2025).
 */
export const DEFAULT_MAX_RECORD_BYTES = 1024 * 1024;

/** PutRecordsRequestEntry.PartitionKey: 1..256 Unicode characters. */
export const MAX_PARTITION_KEY_LENGTH = 256;
