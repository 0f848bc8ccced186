import { KinesisClient } from '@aws-sdk/client-kinesis';
import { NodeHttpHandler } from '@smithy/node-http-handler';

export interface KinesisClientOptions {
  /** AWS region; default: the standard chain (AWS_REGION, profile), or us-east-1 for a local endpoint. */
  region?: string;
  /** e.g. http://127.0.0.1:4567 for the local emulator; default: the real Kinesis endpoint. */
  endpoint?: string;
  /** SDK attempts per call (default 3, the SDK's). produce() uses 1 and retries records itself. */
  maxAttempts?: number;
  /** Socket idle timeout per request in ms (default 60 s: the emulator is slow on big streams). */
  requestTimeoutMs?: number;
}

/** Credentials for a local emulator when the standard chain has none: it checks none. */
export const LOCAL_DUMMY_CREDENTIALS = Object.freeze({ accessKeyId: 'local', secretAccessKey: 'local' });
export const LOCAL_DEFAULT_REGION = 'us-east-1';

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]', '0.0.0.0']);

export function isLocalEndpoint(endpoint: string | undefined): boolean {
  if (!endpoint) return false;
  try {
    const host = new URL(endpoint).hostname;
    return LOCAL_HOSTS.has(host) || host.endsWith('.localhost');
  } catch {
    return false;
  }
}

function httpHandler(requestTimeoutMs: number): NodeHttpHandler {
  // HTTP/1.1 on purpose: the Kinesis emulators break on the SDK's default HTTP/2 handler.
  // throwOnRequestTimeout: without it the handler only logs a warning past requestTimeout and keeps waiting,
  // so a stalled endpoint held a run forever.
  return new NodeHttpHandler({
    connectionTimeout: 5_000,
    requestTimeout: requestTimeoutMs,
    throwOnRequestTimeout: true,
  });
}

/**
 * A Kinesis client on HTTP/1.1 with the standard AWS credential and region chain. For a local
 * endpoint (127.0.0.1, localhost) the chain still wins when it has something, and otherwise dummy
 * credentials and us-east-1 are used, so the emulator works with no AWS setup at all.
 */
export function createKinesisClient(options: KinesisClientOptions = {}): KinesisClient {
  const { endpoint, region } = options;
  const common = {
    requestHandler: httpHandler(options.requestTimeoutMs ?? 60_000),
    ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
    ...(endpoint ? { endpoint } : {}),
  };
  if (!isLocalEndpoint(endpoint)) {
    return new KinesisClient({ ...common, ...(region ? { region } : {}) });
  }
  // Borrow the standard chain's providers from a client that is never used to send anything.
  const chain = new KinesisClient({});
  const chainCredentials = chain.config.credentials;
  const chainRegion = chain.config.region;
  return new KinesisClient({
    ...common,
    region:
      region ??
      (async () => {
        try {
          return await chainRegion();
        } catch {
          return LOCAL_DEFAULT_REGION;
        }
      }),
    credentials: async () => {
      try {
        return await chainCredentials();
      } catch {
        return LOCAL_DUMMY_CREDENTIALS;
      }
    },
  });
}
