/**
 * The package as another team gets it: packed (with pnpm, which turns `workspace:^` into a version range),
 * installed from the tarball with the @cwagg/core tarball beside it (offline) into a fresh project outside the
 * workspace, then used from an ES module (withMetrics and a middy handler) and a CommonJS module against
 * cloudwatch-local, and type-checked from both module kinds. The peers (the SDK, middy) and the type packages
 * are linked from the workspace, since there is no network.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  expectedTarballFiles,
  type PackedProject,
  packedProject,
} from '../../../test/support/packed-project.js';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const coreDir = join(packageDir, '..', 'core');

/** A Lambda-like context, and a handler call per line of `calls`, printing what cloudwatch-local received. */
const CONTEXT = `{
  functionName: 'consumer', getRemainingTimeInMillis: () => 30_000,
}`;

const CONSUMER_ESM = `
import middy from '@middy/core';
import { metricsMiddleware, withMetrics } from '@cwagg/lambda';
const options = {
  namespace: 'Consumer', endpoint: process.env.CWAGG_ENDPOINT, region: 'us-east-1',
  clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
};
const wrapped = withMetrics(async (event, { metrics }) => {
  metrics.record('Esm', event.value, { unit: 'Count' });
  if (event.fail) throw new Error('handler failed');
  return 'ok';
}, { ...options, coldStartMetric: true });
const cwagg = metricsMiddleware(options);
const viaMiddy = middy(async (event) => {
  cwagg.metrics.record('EsmMiddy', event.value);
  if (event.fail) throw new Error('handler failed');
  return 'ok';
}).use(cwagg);
const answers = [];
for (const handler of [wrapped, viaMiddy]) {
  answers.push(await handler({ value: 1 }, ${CONTEXT}));
  answers.push(await handler({ value: 2, fail: true }, ${CONTEXT}).catch((error) => error.message));
}
console.log(JSON.stringify({
  resolved: import.meta.resolve('@cwagg/lambda'), answers,
  sent: wrapped.metrics.stats().sent + cwagg.metrics.stats().sent,
}));
`;

const CONSUMER_CJS = `
const { withMetrics, metricsMiddleware, LAMBDA_METRICS_DEFAULTS } = require('@cwagg/lambda');
async function main() {
  const wrapped = withMetrics(async (event, { metrics }) => {
    metrics.record('Cjs', event.value);
    return 'ok';
  }, {
    namespace: 'Consumer', endpoint: process.env.CWAGG_ENDPOINT, region: 'us-east-1',
    clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
  });
  const answer = await wrapped({ value: 3 }, ${CONTEXT});
  console.log(JSON.stringify({
    resolved: require.resolve('@cwagg/lambda'), answer, sent: wrapped.metrics.stats().sent,
    middleware: typeof metricsMiddleware, margin: LAMBDA_METRICS_DEFAULTS.responseMarginMs,
  }));
}
main();
`;

/** Type checks through the exports map, with middy's and Lambda's own types: wrong uses must be errors. */
const TYPED_ESM = `
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { type MetricsContext, metricsMiddleware, withMetrics } from '@cwagg/lambda';

export const handler = withMetrics(async (event: { total: number }, context: Context & MetricsContext) => {
  context.metrics.record('Total', event.total, { unit: 'None' });
  // @ts-expect-error a value must be a number
  context.metrics.record('Total', 'much');
  return context.functionName;
}, { namespace: 'Typed', coldStartMetric: { name: 'Init' } });
export const answer: Promise<string> = handler({ total: 1 }, {} as Context);

const cwagg = metricsMiddleware({ metrics: handler.metrics });
export const viaMiddy = middy(async (event: { total: number }, _context: Context) => {
  cwagg.metrics.record('Total', event.total);
  return event.total;
}).use(cwagg);
export const middyAnswer: Promise<number> = viaMiddy({ total: 2 }, {} as Context);
// @ts-expect-error units are CloudWatch's
metricsMiddleware({ namespace: 'Typed', coldStartMetric: { unit: 'Parsecs' } });
`;

const TYPED_CJS = `
import lambda = require('@cwagg/lambda');
export const handler = lambda.withMetrics((event: { n: number }, { metrics }) => {
  metrics.record('N', event.n);
  return event.n;
}, { namespace: 'Typed' });
// @ts-expect-error the namespace (or a buffer) is required
lambda.withMetrics(() => 1, {});
`;

describe('packaging: the npm tarball in a fresh project', () => {
  let packed: PackedProject;
  let cloudwatch: CloudWatchLocal;

  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    packed = await packedProject({
      packageDir,
      alongside: [coreDir],
      links: ['@aws-sdk/client-cloudwatch', '@middy/core', '@types/node', '@types/aws-lambda'],
    });
  }, 300_000);

  afterAll(async () => {
    await cloudwatch?.stop();
    await packed?.remove();
  });

  it('holds only what a consumer needs: both builds with types, README, CHANGELOG, package.json', async () => {
    expect(packed.files).toEqual(await expectedTarballFiles(packageDir));
  });

  it('works from an ES module: withMetrics and a middy handler each publish once per invocation, a throw included', async () => {
    const before = cloudwatch.stats().putMetricData.received;
    const result = await packed.runConsumer('consumer.mjs', CONSUMER_ESM, {
      CWAGG_ENDPOINT: cloudwatch.endpoint,
    });
    expect(result.resolved).toBe(
      `file://${join(packed.project, 'node_modules/@cwagg/lambda/dist/index.js')}`,
    );
    expect(result).toMatchObject({ answers: ['ok', 'handler failed', 'ok', 'handler failed'], sent: 5 });
    expect(cloudwatch.stats().putMetricData.received - before).toBe(4);
  });

  it('works from a CommonJS module through require()', async () => {
    const result = await packed.runConsumer('consumer.cjs', CONSUMER_CJS, {
      CWAGG_ENDPOINT: cloudwatch.endpoint,
    });
    expect(result.resolved).toBe(join(packed.project, 'node_modules/@cwagg/lambda/dist/cjs/index.js'));
    expect(result).toMatchObject({ answer: 'ok', sent: 1, middleware: 'function', margin: 1_000 });
  });

  it('type-checks from both module kinds through the exports map, middy’s types included', async () => {
    const checked = await packed.typeCheck({ 'typed-esm.mts': TYPED_ESM, 'typed-cjs.cts': TYPED_CJS });
    expect(checked).toEqual({ output: '', failed: false });
  }, 300_000);
});
