/**
 * The request body the AWS SDK itself would send, captured in-process: a client whose request handler keeps
 * the serialized body and stops there, so no connection is ever made. An oracle for the byte counts that
 * packing computes on its own.
 */
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import type { MetricDatum, PutMetricDataRequest } from '../../src/types.js';

const CAPTURED = 'body captured';

let captured: Uint8Array | string | undefined;
const client = new CloudWatchClient({
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  maxAttempts: 1,
  // The size that matters is the JSON before gzip: the request limit applies to it.
  disableRequestCompression: true,
  requestHandler: {
    handle: async (request: { body?: Uint8Array | string }) => {
      captured = request.body;
      throw new Error(CAPTURED);
    },
  },
});

/** Bytes of the JSON 1.0 body the SDK serializes for `request`. */
export async function sdkBodyBytes(request: PutMetricDataRequest): Promise<number> {
  captured = undefined;
  try {
    await client.send(new PutMetricDataCommand(request));
  } catch (error) {
    if ((error as Error).message !== CAPTURED) throw error;
  }
  // Set by the request handler during send(); TypeScript cannot see that.
  const body = captured as Uint8Array | string | undefined;
  if (body === undefined) throw new Error('the SDK sent no body');
  return typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
}

/** The body as JSON text, built independently of the code under test: timestamps as epoch seconds. */
export function wireJson(request: PutMetricDataRequest): string {
  return JSON.stringify({
    Namespace: request.Namespace,
    MetricData: request.MetricData.map((datum: MetricDatum) => ({
      ...datum,
      Timestamp: datum.Timestamp.getTime() / 1000,
    })),
  });
}
