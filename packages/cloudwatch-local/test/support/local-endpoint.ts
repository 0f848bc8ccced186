/**
 * One local endpoint per test file, with an unmodified SDK client per wire protocol pointed at it (one attempt
 * each: a test sees every answer), made before the file's tests and closed after them.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../../src/index.js';
import { SDK_PROTOCOLS, type SdkProtocol, sdkClient } from '../helpers.js';

export interface LocalEndpoint {
  readonly endpoint: string;
  /** Its port, for requests written byte by byte. */
  readonly port: number;
  /** A client per protocol the SDK speaks. */
  readonly clients: Readonly<Record<SdkProtocol, CloudWatchClient>>;
  /** The SDK's default protocol (AWS JSON 1.0): `clients.json`. */
  readonly client: CloudWatchClient;
}

export function useLocalEndpoint(): LocalEndpoint {
  let cw: CloudWatchLocal | undefined;
  const clients = {} as Record<SdkProtocol, CloudWatchClient>;
  beforeAll(async () => {
    cw = await startCloudWatchLocal();
    for (const protocol of Object.keys(SDK_PROTOCOLS) as SdkProtocol[]) {
      clients[protocol] = sdkClient(cw.endpoint, { maxAttempts: 1, ...SDK_PROTOCOLS[protocol] });
    }
  });
  afterAll(async () => {
    for (const client of Object.values(clients)) client.destroy();
    await cw?.stop();
  });
  const started = (): CloudWatchLocal => {
    if (cw === undefined) throw new Error('the endpoint is not started yet (use it in a test)');
    return cw;
  };
  return {
    get endpoint() {
      return started().endpoint;
    },
    get port() {
      return started().port;
    },
    clients,
    get client() {
      return clients.json;
    },
  };
}
