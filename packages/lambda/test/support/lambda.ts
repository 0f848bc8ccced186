/**
 * What the tests need of Lambda: a context like the one the runtime passes (its deadline read from the clock,
 * so fake timers move it), the buffer options for a local endpoint, and cloudwatch-local, stopped after each
 * test. The SDK and the endpoint are real.
 */

import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import type { Context } from 'aws-lambda';
import { afterEach } from 'vitest';

const locals: CloudWatchLocal[] = [];
afterEach(async () => {
  await Promise.all(locals.splice(0).map((local) => local.stop()));
});

export async function cloudWatchLocal(): Promise<CloudWatchLocal> {
  const local = await startCloudWatchLocal({ port: 0 });
  locals.push(local);
  return local;
}

/** Buffer options for a client the buffer creates, talking to `endpoint`. */
export function bufferOptionsFor(endpoint: string) {
  return {
    namespace: 'Shop',
    endpoint,
    region: 'us-east-1',
    clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' }, maxAttempts: 1 },
  };
}

/** A Lambda context whose invocation ends `timeoutMs` after it was made (on Date.now, which tests may fake). */
export function lambdaContext(timeoutMs = 60_000, functionName = 'checkout'): Context {
  const deadline = Date.now() + timeoutMs;
  return {
    callbackWaitsForEmptyEventLoop: true,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:123456789012:function:${functionName}`,
    memoryLimitInMB: '128',
    awsRequestId: crypto.randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'stream',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => {},
    fail: () => {},
    succeed: () => {},
  };
}
