/**
 * The example service, as a child process: a million requests recorded with the OpenTelemetry API only,
 * exported by CwaggMetricExporter to the local CloudWatch endpoint in a handful of PutMetricData calls, and
 * p50/p90/p99 of each route read back within the stated error of the exact percentiles of the requests
 * the simulated traffic generated.
 */
import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// The example's own traffic generator: the truth the read-back percentiles are compared with.
import { ROUTES, simulatedRequests } from '../examples/simulated-traffic.mjs';
import { clientFor, readBack, startLocal } from './support/cloudwatch.js';
import { exactPercentile } from './support/sdk.js';

const run = promisify(execFile);
const example = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'service.mjs');
const REQUESTS = 1_000_000;
const SEED = 7;

let local: CloudWatchLocal;
let client: CloudWatchClient;
let summary: {
  requests: number;
  exports: number;
  putMetricDataCalls: number;
  sentSamples: number;
  droppedSamples: number;
  maxRelativeError: number;
};

beforeAll(async () => {
  local = await startLocal();
  client = clientFor(local);
  const { stdout } = await run(
    process.execPath,
    [example, '--requests', String(REQUESTS), '--seed', String(SEED), '--endpoint', local.endpoint],
    { env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' } },
  );
  summary = JSON.parse(stdout.trim().split('\n').at(-1) as string);
}, 300_000);

afterAll(async () => {
  client?.destroy();
  await local?.stop();
});

describe('the example service (OpenTelemetry API only)', () => {
  it('sends a million latencies in a handful of PutMetricData calls, nothing dropped', () => {
    expect(summary.requests).toBe(REQUESTS);
    expect(summary.putMetricDataCalls).toBeGreaterThanOrEqual(1);
    expect(summary.putMetricDataCalls).toBeLessThanOrEqual(5);
    expect(local.stats().putMetricData.accepted).toBe(summary.putMetricDataCalls);
    expect(summary.droppedSamples).toBe(0);
    // Every latency; a counter and an up-down counter send one value per series and export (the run
    // ends long before the 60 s interval: one export, three routes, one in-flight level).
    expect(summary.exports).toBe(1);
    expect(summary.sentSamples).toBe(REQUESTS + ROUTES.length + 1);
  });

  it('reads p50, p90 and p99 of each route back within the stated error', async () => {
    const error = summary.maxRelativeError;
    expect(error).toBeGreaterThan(0);
    expect(error).toBeLessThanOrEqual(0.022);
    const { routes, latencies } = simulatedRequests(REQUESTS, SEED);
    for (let route = 0; route < ROUTES.length; route++) {
      const mine = latencies.filter((_, i) => routes[i] === route).sort();
      const read = await readBack(client, 'CwaggOtelExample', 'http.server.request.duration', {
        Route: ROUTES[route] as string,
        Status: '200',
      });
      expect(read.SampleCount).toBe(mine.length);
      expect(read.Minimum).toBe(mine[0]);
      expect(read.Maximum).toBe(mine[mine.length - 1]);
      for (const [name, p] of [
        ['p50', 50],
        ['p90', 90],
        ['p99', 99],
      ] as const) {
        const exact = exactPercentile(mine, p);
        expect(Math.abs((read[name] as number) - exact), `${ROUTES[route]} ${name}`).toBeLessThanOrEqual(
          error * exact,
        );
      }
    }
    const counted = await readBack(client, 'CwaggOtelExample', 'http.server.requests', {
      Route: '/buy',
      Status: '200',
    });
    expect(counted.Sum).toBe(routes.filter((r) => r === 0).length);
  });
});
