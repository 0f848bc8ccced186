/**
 * The package as another team gets it: packed with pnpm (which writes the version of @cwagg/core in place
 * of the workspace protocol), installed from the tarballs (offline, @cwagg/core's beside it) into a fresh
 * project outside the workspace, then used from an ES module and a CommonJS module in child Node processes
 * (an SDK whose PeriodicExportingMetricReader exports to cloudwatch-local) and type-checked from both. The
 * peers (the AWS SDK, the OpenTelemetry API and SDK) and @types/node are linked from the workspace, since
 * there is no network.
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
const coreDir = join(packageDir, 'node_modules', '@cwagg', 'core');
const PEERS = [
  '@aws-sdk/client-cloudwatch',
  '@opentelemetry/api',
  '@opentelemetry/sdk-metrics',
  '@types/node',
];

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
  let packed: PackedProject;
  let cloudwatch: CloudWatchLocal;

  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
    packed = await packedProject({ packageDir, alongside: [coreDir], links: PEERS });
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
    ['a CommonJS module', 'consumer.cjs', CONSUMER_CJS, 'dist/cjs/index.js'],
  ])('works from %s: an SDK exporting to CloudWatch through it', async (_kind, file, source, entry) => {
    const result = await packed.runConsumer(file, source, { CWAGG_ENDPOINT: cloudwatch.endpoint });
    expect(String(result.resolved).replace('file://', '')).toBe(
      join(packed.project, 'node_modules/@cwagg/otel', entry),
    );
    expect(result).toMatchObject({ samples: 10_000, sentSamples: 10_000, putMetricDataCalls: 1 });
    expect(result.configError).toMatch(/reserved for AWS services/);
  });

  it('type-checks from both module kinds through the exports map', async () => {
    const checked = await packed.typeCheck({ 'typed-esm.mts': TYPED_ESM, 'typed-cjs.cts': TYPED_CJS });
    expect(checked).toEqual({ output: '', failed: false });
  }, 300_000);
});
