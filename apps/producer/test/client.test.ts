/** The Kinesis client: real endpoints use the standard chain; local ones fall back to dummy settings. */
import { type AddressInfo, createServer, type Socket } from 'node:net';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createKinesisClient,
  isLocalEndpoint,
  LOCAL_DEFAULT_REGION,
  LOCAL_DUMMY_CREDENTIALS,
} from '../src/index.js';

/** An environment where the standard AWS chain finds nothing: no variables, no files, no instance metadata. */
function noAwsSetup(): void {
  for (const name of [
    'AWS_ACCESS_KEY_ID',
    'AWS_SECRET_ACCESS_KEY',
    'AWS_SESSION_TOKEN',
    'AWS_PROFILE',
    'AWS_REGION',
    'AWS_DEFAULT_REGION',
  ]) {
    vi.stubEnv(name, undefined);
  }
  vi.stubEnv('AWS_SHARED_CREDENTIALS_FILE', '/nonexistent/credentials');
  vi.stubEnv('AWS_CONFIG_FILE', '/nonexistent/config');
  vi.stubEnv('AWS_EC2_METADATA_DISABLED', 'true');
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', undefined);
  vi.stubEnv('AWS_CONTAINER_CREDENTIALS_FULL_URI', undefined);
  vi.stubEnv('AWS_WEB_IDENTITY_TOKEN_FILE', undefined);
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('local endpoints', () => {
  it('are the loopback hosts and *.localhost, nothing else', () => {
    for (const endpoint of [
      'http://127.0.0.1:4567',
      'http://localhost:4567',
      'http://[::1]:4567',
      'http://kinesis.localhost',
    ]) {
      expect(isLocalEndpoint(endpoint), endpoint).toBe(true);
    }
    for (const endpoint of [
      undefined,
      '',
      'https://kinesis.us-east-1.amazonaws.com',
      'not a url',
      'http://localhost.example.com',
    ]) {
      expect(isLocalEndpoint(endpoint), String(endpoint)).toBe(false);
    }
  });
});

describe('the Kinesis client', () => {
  it('for a local endpoint with no AWS setup at all, uses dummy credentials and us-east-1', async () => {
    noAwsSetup();
    const client = createKinesisClient({ endpoint: 'http://127.0.0.1:4567' });
    try {
      expect(await client.config.credentials()).toMatchObject(LOCAL_DUMMY_CREDENTIALS);
      expect(await client.config.region()).toBe(LOCAL_DEFAULT_REGION);
    } finally {
      client.destroy();
    }
  });

  it('for a local endpoint, still prefers what the standard chain has', async () => {
    noAwsSetup();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIDEXAMPLE');
    vi.stubEnv('AWS_SECRET_ACCESS_KEY', 'secret');
    vi.stubEnv('AWS_REGION', 'eu-central-1');
    const client = createKinesisClient({ endpoint: 'http://localhost:4567' });
    try {
      expect(await client.config.credentials()).toMatchObject({ accessKeyId: 'AKIDEXAMPLE' });
      expect(await client.config.region()).toBe('eu-central-1');
    } finally {
      client.destroy();
    }
  });

  it('for a real endpoint, takes the region given and leaves credentials to the chain', async () => {
    noAwsSetup();
    const client = createKinesisClient({ region: 'ap-south-1', maxAttempts: 1 });
    try {
      expect(await client.config.region()).toBe('ap-south-1');
      expect(await client.config.maxAttempts()).toBe(1);
      await expect(client.config.credentials()).rejects.toThrow();
    } finally {
      client.destroy();
    }
  });
});

describe('createKinesisClient against a stalled endpoint', () => {
  it('gives up on a request nobody answers after requestTimeoutMs, instead of waiting forever', async () => {
    const sockets: Socket[] = [];
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.resume(); // read the request, answer nothing
    }).listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const { port } = server.address() as AddressInfo;
    const client = createKinesisClient({
      endpoint: `http://127.0.0.1:${port}`,
      maxAttempts: 1,
      requestTimeoutMs: 300,
    });
    const started = Date.now();
    try {
      const error = await client.send(new ListStreamsCommand({})).catch((e: unknown) => e);
      expect(error).toMatchObject({ name: 'TimeoutError' });
      // Generous: the stall itself never ends; only the timeout can end the request.
      expect(Date.now() - started).toBeLessThan(30_000);
    } finally {
      client.destroy();
      for (const socket of sockets) socket.destroy();
      server.close();
    }
  });
});
