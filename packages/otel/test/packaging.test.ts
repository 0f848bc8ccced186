/**
 * The package as another team gets it: packed with pnpm (which writes the version of @cwagg/core in place
 * of the workspace protocol), installed from the tarballs (offline, @cwagg/core's beside it) into a fresh
 * project outside the workspace, then used from an ES module and a CommonJS module in child Node processes
 * (an SDK whose PeriodicExportingMetricReader exports to cloudwatch-local) and type-checked from both. The
 * peers (the AWS SDK, the OpenTelemetry API and SDK) and @types/node are linked from the workspace, since
 * there is no network.
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
const coreDir = join(packageDir, 'node_modules', '@cwagg', 'core');
const PEERS = [
  '@aws-sdk/client-cloudwatch',
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@types/node',
];

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

const consumer = (load: string, resolved: string) => `
${load}
async function main() {
  const client = new CloudWatchClient({
    endpoint: process.env.CWAGG_ENDPOINT,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const exporter = new CwaggMetricExporter({ namespace: 'Consumer', client, attributes: ['route'] });
  const reader = new PeriodicExportingMetricReader({ exporter, exportIntervalMillis: 3_600_000 });
  const provider = new MeterProvider({ readers: [reader] });
  const latency = provider.getMeter('consumer').createHistogram('latency', { unit: 'ms' });
  for (let i = 1; i <= 10_000; i++) latency.record(i / 10, { route: '/a' });
  await provider.shutdown();
  client.destroy();
  let configError = '';
  try { new CwaggMetricExporter({ namespace: 'AWS/Nope', client }); } catch (error) {
    configError = error instanceof CwaggConfigError ? error.message : 'wrong error type';
  }
  console.log(JSON.stringify({ resolved: ${resolved}, ...exporter.stats(), configError }));
}
main();
`;

const CONSUMER_ESM = consumer(
  `import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { CwaggConfigError, CwaggMetricExporter } from '@cwagg/otel';`,
  "import.meta.resolve('@cwagg/otel')",
);

const CONSUMER_CJS = consumer(
  `const { CloudWatchClient } = require('@aws-sdk/client-cloudwatch');
const { MeterProvider, PeriodicExportingMetricReader } = require('@opentelemetry/sdk-metrics');
const { CwaggConfigError, CwaggMetricExporter } = require('@cwagg/otel');`,
  "require.resolve('@cwagg/otel')",
);

/** Type checks through the exports map: wrong uses must be errors, so `any` types would fail the check. */
const TYPED_ESM = `
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { CwaggMetricExporter, type ExportReport } from '@cwagg/otel';
export function typed(client: CloudWatchClient): PushMetricExporter {
  const exporter = new CwaggMetricExporter({ namespace: 'Typed', client, attributes: { 'http.route': 'Route' } });
  exporter.on('export', (report: ExportReport) => report.sentSamples);
  // @ts-expect-error histograms are exponential or explicit
  new CwaggMetricExporter({ namespace: 'Typed', client, histogram: 'linear' });
  // @ts-expect-error the client is required
  new CwaggMetricExporter({ namespace: 'Typed' });
  return exporter;
}
`;

const TYPED_CJS = `
import otel = require('@cwagg/otel');
export function typed(): number {
  // @ts-expect-error a relative error is a number
  otel.geometricBoundaries({ from: 1, to: 10, relativeError: '1%' });
  return otel.exponentialRelativeError(4) + otel.EXPORTER_DEFAULTS.maxBuckets;
}
`;

describe('packaging: the tarball in a fresh project', () => {
  let temp: string;
  let project: string;
  let files: string[];
  let cloudwatch: CloudWatchLocal;
  let env: NodeJS.ProcessEnv;

  beforeAll(async () => {
    temp = await realpath(await mkdtemp(join(tmpdir(), 'cwagg-otel-pack-')));
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    env = cleanEnv(join(temp, 'npm-cache'));
    const pack = async (dir: string) => {
      const packed = await run('pnpm', ['pack', '--json', '--pack-destination', temp], { cwd: dir, env });
      return JSON.parse(packed.stdout) as { filename: string; files: { path: string }[] };
    };
    const otel = await pack(packageDir);
    const core = await pack(await realpath(coreDir));
    files = otel.files.map((file) => file.path).sort();

    project = join(temp, 'consumer');
    await mkdir(project);
    await writeFile(
      join(project, 'package.json'),
      JSON.stringify({ name: 'consumer', version: '1.0.0', private: true }),
    );
    await run(
      'npm',
      ['install', otel.filename, core.filename, '--legacy-peer-deps', '--offline', '--no-audit', '--no-fund'],
      { cwd: project, env },
    );
    for (const dependency of PEERS) {
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

  it.each([
    ['an ES module', 'consumer.mjs', CONSUMER_ESM, 'dist/index.js'],
    ['a CommonJS module', 'consumer.cjs', CONSUMER_CJS, 'dist/cjs/index.js'],
  ])('works from %s: an SDK exporting to CloudWatch through it', async (_kind, file, source, entry) => {
    await writeFile(join(project, file), source);
    const { stdout } = await run(process.execPath, [file], {
      cwd: project,
      env: {
        ...process.env,
        CWAGG_ENDPOINT: cloudwatch.endpoint,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
    });
    const result = JSON.parse(stdout.trim().split('\n').at(-1) as string);
    expect(result.resolved.replace('file://', '')).toBe(join(project, 'node_modules/@cwagg/otel', entry));
    expect(result).toMatchObject({ samples: 10_000, sentSamples: 10_000, putMetricDataCalls: 1 });
    expect(result.configError).toMatch(/reserved for AWS services/);
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
