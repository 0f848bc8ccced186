/** The handlers' CloudWatch client, made from the configuration. */
import { describe, expect, it } from 'vitest';
import { createCloudWatchClient, loadHandlerConfig } from '../src/index.js';

describe('createCloudWatchClient', () => {
  it('uses MAX_ATTEMPTS and CLOUDWATCH_ENDPOINT, and names the handler in the User-Agent', async () => {
    const config = loadHandlerConfig('aggregated', {
      MAX_ATTEMPTS: '7',
      CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:4582',
    });
    const client = createCloudWatchClient(config);
    try {
      expect(await client.config.maxAttempts()).toBe(7);
      const endpoint = await client.config.endpoint?.();
      expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:4582');
      expect(await client.config.userAgentAppId()).toBe('cwagg-aggregated');
    } finally {
      client.destroy();
    }
  });

  it('without CLOUDWATCH_ENDPOINT leaves the endpoint to the SDK (AWS, from the region)', async () => {
    const client = createCloudWatchClient(loadHandlerConfig('single', {}));
    try {
      expect(client.config.endpoint).toBeUndefined();
      expect(await client.config.userAgentAppId()).toBe('cwagg-single');
      expect(await client.config.maxAttempts()).toBe(5);
    } finally {
      client.destroy();
    }
  });
});
