/**
 * The package as another team gets it: `npm pack`, installed from the tarball (offline) into a fresh
 * project outside the workspace, then used from an ES module and a CommonJS module in child Node
 * processes (aggregate, drain, and a MetricsBuffer that sends to cloudwatch-local), and type-checked from
 * both module kinds. The peer `@aws-sdk/client-cloudwatch` (and @types/node for the type check) are
 * linked from the workspace, since there is no network.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..');

/** npm without pnpm's npm_config_* variables, telemetry-free, with a private cache. */
function npmEnv(cache: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!name.toLowerCase().startsWith('npm_')) env[name] = value;
  }
  return {
    ...env,
    npm_config_cache: cache,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

const CONSUMER_ESM = `
import { Aggregator, CwaggConfigError, MetricsBuffer } from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST } from '@cwagg/core/limits';
import { MetricMapping } from '@cwagg/core/mapping';
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
}));
`;

const CONSUMER_CJS = `
const { Aggregator, CwaggConfigError, MetricsBuffer } = require('@cwagg/core');
const { MAX_DATUMS_PER_REQUEST } = require('@cwagg/core/limits');
const { MetricMapping } = require('@cwagg/core/mapping');
async function main() {
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
  let temp: string;
  let project: string;
  let files: string[];
  let cloudwatch: CloudWatchLocal;

  beforeAll(async () => {
    temp = await realpath(await mkdtemp(join(tmpdir(), 'cwagg-core-pack-')));
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    const env = npmEnv(join(temp, 'npm-cache'));
    const packed = await run('npm', ['pack', '--json', '--pack-destination', temp], { cwd: packageDir, env });
    const [info] = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] }[];
    if (!info) throw new Error(`npm pack printed nothing: ${packed.stderr}`);
    files = info.files.map((file) => file.path).sort();

    project = join(temp, 'consumer');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    await run(
      'npm',
      ['install', join(temp, info.filename), '--legacy-peer-deps', '--offline', '--no-audit', '--no-fund'],
      { cwd: project, env },
    );
    // The peer dependency (and Node's types), linked from the workspace: there is no network here.
    for (const dependency of ['@aws-sdk/client-cloudwatch', '@types/node']) {
      const target = join(project, 'node_modules', dependency);
      await mkdir(dirname(target), { recursive: true });
      await symlink(await realpath(join(packageDir, 'node_modules', dependency)), target, 'dir');
    }
  }, 300_000);

  afterAll(async () => {
    await cloudwatch?.stop();
    if (temp) await rm(temp, { recursive: true, force: true });
  });

  it('holds only what a consumer needs: both builds with types, README, CHANGELOG, package.json', async () => {
    const modules = (await readdir(join(packageDir, 'src'), { recursive: true }))
      .filter((file) => file.endsWith('.ts'))
      .map((file) => file.slice(0, -'.ts'.length));
    const expected = [
      'CHANGELOG.md',
      'README.md',
      'package.json',
      'dist/cjs/package.json',
      ...modules.flatMap((module) => [
        `dist/${module}.js`,
        `dist/${module}.d.ts`,
        `dist/cjs/${module}.js`,
        `dist/cjs/${module}.d.ts`,
      ]),
    ].sort();
    expect(files).toEqual(expected);
  });

  it('works from an ES module: aggregate, drain, and a MetricsBuffer that sends', async () => {
    await writeFile(join(project, 'consumer.mjs'), CONSUMER_ESM);
    const { stdout } = await run(process.execPath, ['consumer.mjs'], {
      cwd: project,
      env: {
        ...process.env,
        CWAGG_ENDPOINT: cloudwatch.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result.resolved).toBe(`file://${join(project, 'node_modules/@cwagg/core/dist/index.js')}`);
    expect(result).toMatchObject({
      requests: 1,
      datums: 7,
      samples: 10_000,
      maxDatums: 1000,
      sent: 1000,
      calls: 1,
      mapped: 1,
    });
    expect(result.configError).toMatch(/reserved for AWS services/);
  });

  it('works from a CommonJS module through require()', async () => {
    await writeFile(join(project, 'consumer.cjs'), CONSUMER_CJS);
    const { stdout } = await run(process.execPath, ['consumer.cjs'], {
      cwd: project,
      env: {
        ...process.env,
        CWAGG_ENDPOINT: cloudwatch.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result.resolved).toBe(join(project, 'node_modules/@cwagg/core/dist/cjs/index.js'));
    expect(result).toMatchObject({
      requests: 1,
      datums: 7,
      samples: 10_000,
      maxDatums: 1000,
      sent: 1000,
      calls: 1,
      mapped: 1,
    });
    expect(result.configError).toMatch(/reserved for AWS services/);
    expect(cloudwatch.stats().putMetricData.samples).toBeGreaterThanOrEqual(1000);
  });

  it('type-checks from both module kinds through the exports map', async () => {
    await writeFile(join(project, 'typed-esm.mts'), TYPED_ESM);
    await writeFile(join(project, 'typed-cjs.cts'), TYPED_CJS);
    await writeFile(
      join(project, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          target: 'es2022',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
        },
        files: ['typed-esm.mts', 'typed-cjs.cts'],
      }),
    );
    const tsc = join(await realpath(join(packageDir, 'node_modules', 'typescript')), 'bin', 'tsc');
    const checked = await run(process.execPath, [tsc, '-p', project], { cwd: project }).catch(
      (error: { stdout: string }) => ({ stdout: error.stdout, failed: true }),
    );
    expect(checked.stdout).toBe('');
    expect('failed' in checked).toBe(false);
  }, 300_000);
});
