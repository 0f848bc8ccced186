/**
 * The package as another team gets it: packed (with pnpm, which turns `workspace:^` into a version range),
 * installed from the tarball with the @cwagg/core tarball beside it (offline) into a fresh project outside the
 * workspace, then used from an ES module (withMetrics and a middy handler) and a CommonJS module against
 * cloudwatch-local, and type-checked from both module kinds. The peers (the SDK, middy) and the type packages
 * are linked from the workspace, since there is no network.
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
const coreDir = join(packageDir, '..', 'core');

/** npm and pnpm without pnpm's npm_config_* variables, telemetry-free, with a private cache. */
function cleanEnv(cache: string): NodeJS.ProcessEnv {
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
  let temp: string;
  let project: string;
  let files: string[];
  let cloudwatch: CloudWatchLocal;

  beforeAll(async () => {
    temp = await realpath(await mkdtemp(join(tmpdir(), 'cwagg-lambda-pack-')));
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    const env = cleanEnv(join(temp, 'npm-cache'));
    const packed = await run('pnpm', ['pack', '--json', '--pack-destination', temp], {
      cwd: packageDir,
      env,
    });
    const info = JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] };
    files = info.files.map((file) => file.path).sort();
    const core = await run('npm', ['pack', '--json', '--pack-destination', temp], { cwd: coreDir, env });
    const [coreInfo] = JSON.parse(core.stdout) as { filename: string }[];
    if (!coreInfo) throw new Error(`npm pack printed nothing: ${core.stderr}`);

    project = join(temp, 'consumer');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    await run(
      'npm',
      [
        'install',
        join(temp, coreInfo.filename),
        info.filename,
        '--legacy-peer-deps',
        '--offline',
        '--no-audit',
        '--no-fund',
      ],
      { cwd: project, env },
    );
    for (const dependency of [
      '@aws-sdk/client-cloudwatch',
      '@middy/core',
      '@types/node',
      '@types/aws-lambda',
    ]) {
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

  it('works from an ES module: withMetrics and a middy handler each publish once per invocation, a throw included', async () => {
    await writeFile(join(project, 'consumer.mjs'), CONSUMER_ESM);
    const before = cloudwatch.stats().putMetricData.received;
    const { stdout } = await run(process.execPath, ['consumer.mjs'], {
      cwd: project,
      env: {
        ...process.env,
        CWAGG_ENDPOINT: cloudwatch.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result.resolved).toBe(`file://${join(project, 'node_modules/@cwagg/lambda/dist/index.js')}`);
    expect(result).toMatchObject({ answers: ['ok', 'handler failed', 'ok', 'handler failed'], sent: 5 });
    expect(cloudwatch.stats().putMetricData.received - before).toBe(4);
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
    expect(result.resolved).toBe(join(project, 'node_modules/@cwagg/lambda/dist/cjs/index.js'));
    expect(result).toMatchObject({ answer: 'ok', sent: 1, middleware: 'function', margin: 1_000 });
  });

  it('type-checks from both module kinds through the exports map, middy’s types included', async () => {
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
