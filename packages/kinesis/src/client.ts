import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { HandlerConfig } from './config.js';

/** A connection not established in this long is abandoned (and retried while attempts are left). */
export const CONNECTION_TIMEOUT_MS = 3_000;

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
    requestHandler: {
      connectionTimeout: CONNECTION_TIMEOUT_MS,
      requestTimeout: config.requestTimeoutMs,
      // Without this the HTTP handler only logs a warning past requestTimeout and keeps waiting: a stalled
      // endpoint then held the handler until Lambda killed it.
      throwOnRequestTimeout: true,
    },
  });
}
