/** Request sizes as the AWS SDK sends PutMetricData: a JSON 1.0 body, gzipped from 10,240 bytes on. */
import { gzipSync } from 'node:zlib';
import { SDK_MIN_COMPRESSION_BYTES } from '@cwagg/core/limits';
import type { PutMetricDataInput } from './output.js';

/** The JSON body the SDK's JSON 1.0 protocol serialises (timestamps as epoch seconds). */
export function requestBody(input: PutMetricDataInput): string {
  return JSON.stringify(input, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : value;
  });
}

export interface RequestBytes {
  requests: number;
  /** Uncompressed JSON bodies. */
  plainBytes: number;
  /** Every body gzipped. */
  gzipBytes: number;
  /** What goes on the wire: gzipped when the SDK compresses (bodies of 10,240 bytes or more). */
  sentBytes: number;
}

export function measureRequests(requests: readonly PutMetricDataInput[]): RequestBytes {
  const total: RequestBytes = { requests: requests.length, plainBytes: 0, gzipBytes: 0, sentBytes: 0 };
  for (const request of requests) {
    const body = Buffer.from(requestBody(request));
    const gzipped = gzipSync(body).length;
    total.plainBytes += body.length;
    total.gzipBytes += gzipped;
    total.sentBytes += body.length >= SDK_MIN_COMPRESSION_BYTES ? gzipped : body.length;
  }
  return total;
}
