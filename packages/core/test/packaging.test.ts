/**
 * The package as another team gets it: packed, installed from the tarball (offline) into a fresh
 * project outside the workspace, then used from an ES module and a CommonJS module in child Node
 * processes (aggregate, drain, and a MetricsBuffer that sends to cloudwatch-local), and type-checked from
 * both module kinds. The peer `@aws-sdk/client-cloudwatch` (and @types/node for the type check) are
 * linked from the workspace, since there is no network.
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

const CONSUMER_ESM = `
import { Aggregator, CwaggConfigError, MetricsBuffer } from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST } from '@cwagg/core/limits';
import { MetricMapping } from '@cwagg/core/mapping';
import { checkDirective } from '@cwagg/core/mapping/directive';
const directiveProblems = checkDirective({ Metrics: [{ Name: 'ms', Unit: 'Secs' }] }, { namespace: 'Consumer' }).problems;
const mapped = new MetricMapping({ Dimensions: [['route']], Metrics: [{ Name: 'ms' }] }, { namespace: 'Consumer' })
  .map({ route: '/buy', ms: 3 }).values.length;
const agg = new Aggregator({ namespace: 'Consumer' });
for (let i = 0; i < 10_000; i++) agg.add({ name: 'Latency', unit: 'Milliseconds' }, i % 1001);
const { requests, stats } = agg.drain();
const metrics = new MetricsBuffer({
  namespace: 'Consumer',
  endpoint: process.env.CWAGG_ENDPOINT,
  region: 'us-east-1',
  clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
});
for (let i = 0; i < 1000; i++) metrics.record('Esm', i % 10, { unit: 'Count', dimensions: { Kind: 'esm' } });
const closed = await metrics.close();
let configError = '';
try { new MetricsBuffer({ namespace: 'AWS/Nope', endpoint: 'http://127.0.0.1:1' }); } catch (error) {
  configError = error instanceof CwaggConfigError ? error.message : 'wrong error type';
}
console.log(JSON.stringify({
  resolved: import.meta.resolve('@cwagg/core'),
  requests: requests.length, datums: stats.datums, samples: stats.samples,
  maxDatums: MAX_DATUMS_PER_REQUEST, sent: closed.sent, calls: closed.putMetricDataCalls, configError, mapped,
  directiveProblems,
}));
`;

const CONSUMER_CJS = `
const { Aggregator, CwaggConfigError, MetricsBuffer } = require('@cwagg/core');
const { MAX_DATUMS_PER_REQUEST } = require('@cwagg/core/limits');
const { MetricMapping } = require('@cwagg/core/mapping');
const { checkDirective } = require('@cwagg/core/mapping/directive');
async function main() {
  const directiveProblems = checkDirective({ Metrics: [{ Name: 'ms', Unit: 'Secs' }] }, { namespace: 'Consumer' }).problems;
  const mapped = new MetricMapping({ Dimensions: [['route']], Metrics: [{ Name: 'ms' }] }, { namespace: 'Consumer' })
    .map({ route: '/buy', ms: 3 }).values.length;
  const agg = new Aggregator({ namespace: 'Consumer' });
  for (let i = 0; i < 10_000; i++) agg.add({ name: 'Latency', unit: 'Milliseconds' }, i % 1001);
  const { requests, stats } = agg.drain();
  const metrics = new MetricsBuffer({
    namespace: 'Consumer',
    endpoint: process.env.CWAGG_ENDPOINT,
    region: 'us-east-1',
    clientConfig: { credentials: { accessKeyId: 'test', secretAccessKey: 'test' } },
  });
  for (let i = 0; i < 1000; i++) metrics.record('Cjs', i % 10, { unit: 'Count', dimensions: { Kind: 'cjs' } });
  const closed = await metrics.close();
  let configError = '';
  try { new MetricsBuffer({ namespace: 'AWS/Nope', endpoint: 'http://127.0.0.1:1' }); } catch (error) {
    configError = error instanceof CwaggConfigError ? error.message : 'wrong error type';
  }
  console.log(JSON.stringify({
    resolved: require.resolve('@cwagg/core'),
    requests: requests.length, datums: stats.datums, samples: stats.samples,
    maxDatums: MAX_DATUMS_PER_REQUEST, sent: closed.sent, calls: closed.putMetricDataCalls, configError, mapped,
    directiveProblems,
  }));
}
main();
`;

/** Type checks through the exports map: wrong uses must be errors, so `any` types would fail the check. */
const TYPED_ESM = `
import { type FlushReport, MetricsBuffer, type MetricsBufferStats } from '@cwagg/core';
export async function typed(metrics: MetricsBuffer): Promise<number> {
  const report: FlushReport = await metrics.flush();
  const stats: MetricsBufferStats = await metrics.close();
  // @ts-expect-error a value must be a number
  metrics.record('Latency', 'slow');
  // @ts-expect-error units are CloudWatch's
  metrics.record('Latency', 1, { unit: 'Parsecs' });
  return report.sentSamples + stats.recorded;
}
`;

const TYPED_CJS = `
import core = require('@cwagg/core');
import limits = require('@cwagg/core/limits');
export function typed(): number {
  const agg = new core.Aggregator({ namespace: 'Typed' });
  agg.add({ name: 'Latency', unit: 'Milliseconds' }, 1);
  // @ts-expect-error the namespace is required
  new core.Aggregator({});
  // @ts-expect-error the limits live in @cwagg/core/limits, not the root
  core.MAX_DATUMS_PER_REQUEST;
  return agg.drain().stats.samples + limits.MAX_DATUMS_PER_REQUEST;
}
`;

describe('packaging: the npm tarball in a fresh project', () => {
  let packed: PackedProject;
  let cloudwatch: CloudWatchLocal;

  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    packed = await packedProject({ packageDir, links: ['@aws-sdk/client-cloudwatch', '@types/node'] });
  }, 300_000);

  afterAll(async () => {
    await cloudwatch?.stop();
    await packed?.remove();
  });

  it('holds only what a consumer needs: both builds with types, README, CHANGELOG, package.json', async () => {
    expect(packed.files).toEqual(await expectedTarballFiles(packageDir));
  });

  it.each([
    ['an ES module', 'consumer.mjs', CONSUMER_ESM, 'dist/index.js'],
    ['a CommonJS module through require()', 'consumer.cjs', CONSUMER_CJS, 'dist/cjs/index.js'],
  ])(
    'works from %s: aggregate, drain, and a MetricsBuffer that sends',
    async (_kind, file, source, entry) => {
      const result = await packed.runConsumer(file, source, { CWAGG_ENDPOINT: cloudwatch.endpoint });
      expect(String(result.resolved).replace('file://', '')).toBe(
        join(packed.project, 'node_modules/@cwagg/core', entry),
      );
      expect(result).toMatchObject({
        requests: 1,
        datums: 7,
        samples: 10_000,
        maxDatums: 1000,
        sent: 1000,
        calls: 1,
        mapped: 1,
        directiveProblems: [expect.stringContaining('"Secs"')],
      });
      expect(result.configError).toMatch(/reserved for AWS services/);
    },
  );

  it('type-checks from both module kinds through the exports map', async () => {
    const checked = await packed.typeCheck({ 'typed-esm.mts': TYPED_ESM, 'typed-cjs.cts': TYPED_CJS });
    expect(checked).toEqual({ output: '', failed: false });
  }, 300_000);
});
