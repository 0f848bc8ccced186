import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { HandlerConfig } from './config.js';

/** Timeouts keep a stuck connection from eating the function's time: the SDK retries instead. */
export const CONNECTION_TIMEOUT_MS = 3_000;
export const REQUEST_TIMEOUT_MS = 10_000;

/**
 * The handler's CloudWatch client: the SDK's standard retries (throttling, 5xx, dropped connections) with
 * MAX_ATTEMPTS, an app id in the User-Agent so an endpoint can tell the handlers' calls apart, and
 * CLOUDWATCH_ENDPOINT when set. Credentials and region come from the standard chain.
 */
export function createCloudWatchClient(config: HandlerConfig): CloudWatchClient {
  return new CloudWatchClient({
    ...(config.cloudwatchEndpoint === undefined ? {} : { endpoint: config.cloudwatchEndpoint }),
    maxAttempts: config.maxAttempts,
    userAgentAppId: `cwagg-${config.kind}`,
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: REQUEST_TIMEOUT_MS },
  });
}
