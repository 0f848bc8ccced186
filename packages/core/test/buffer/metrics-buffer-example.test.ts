/**
 * The example service (examples/service.mjs) as a real child process against cloudwatch-local: drive
 * requests, let an interval flush happen, send SIGTERM, and read the statistics back through the SDK.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { CloudWatchClient, GetMetricStatisticsCommand } from '@aws-sdk/client-cloudwatch';
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterEach, describe, expect, it } from 'vitest';

const packageDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const servicePath = join(packageDir, 'examples', 'service.mjs');

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface LogLine {
  event: string;
  [field: string]: unknown;
}

/** Starts the service; `lines` collects its JSON log lines, `waitFor` resolves on the first matching one. */
function startService(args: string[]) {
  const child: ChildProcess = spawn(process.execPath, [servicePath, ...args], {
    cwd: packageDir,
    env: {
      ...process.env,
      AWS_ACCESS_KEY_ID: 'test',
      AWS_SECRET_ACCESS_KEY: 'test',
      AWS_REGION: 'us-east-1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  cleanups.push(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  const lines: LogLine[] = [];
  const waiters: { match: (line: LogLine) => boolean; resolve: (line: LogLine) => void }[] = [];
  let stderr = '';
  child.stderr?.on('data', (chunk) => {
    stderr += String(chunk);
  });
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (text) => {
    let line: LogLine;
    try {
      line = JSON.parse(text) as LogLine;
    } catch {
      line = { event: 'text', text }; // --help prints plain text
    }
    lines.push(line);
    for (const waiter of waiters.filter((w) => w.match(line))) {
      waiters.splice(waiters.indexOf(waiter), 1);
      waiter.resolve(line);
    }
  });
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal, stderr }));
  const waitFor = (match: (line: LogLine) => boolean) =>
    new Promise<LogLine>((resolve, reject) => {
      const seen = lines.find(match);
      if (seen) return resolve(seen);
      waiters.push({ match, resolve });
      void exited.then(({ code }) => reject(new Error(`service exited (${code}) first: ${stderr}`)));
    });
  return { child, lines, waitFor, exited };
}

describe('examples/service.mjs', () => {
  it('records request latencies, flushes on its interval, and sends the rest on SIGTERM', async () => {
    const cloudwatch: CloudWatchLocal = await startCloudWatchLocal({ port: 0 });
    cleanups.push(() => cloudwatch.stop());
    const service = startService([
      '--port',
      '0',
      '--endpoint',
      cloudwatch.endpoint,
      '--namespace',
      'ExampleTest',
      '--flush-interval-ms',
      '500',
    ]);
    const { port } = (await service.waitFor((line) => line.event === 'listening')) as unknown as {
      port: number;
    };
    const base = `http://127.0.0.1:${port}`;
    const drive = async (path: string, count: number) => {
      for (let done = 0; done < count; done += 20) {
        const batch = Array.from({ length: Math.min(20, count - done) }, () => fetch(`${base}${path}`));
        for (const response of await Promise.all(batch)) await response.text();
      }
    };

    await drive('/buy', 120);
    await drive('/fail', 30);
    await service.waitFor((line) => line.event === 'flush' && line.reason === 'interval');
    await drive('/cart', 50);
    await drive('/nope', 10);
    service.child.kill('SIGTERM');
    const closed = await service.waitFor((line) => line.event === 'closed');
    const { code, signal } = await service.exited;
    expect({ code, signal }).toEqual({ code: 0, signal: null });

    expect(closed).toMatchObject({ recorded: 210, sent: 210, dropped: 0, rejected: 0, closed: true });
    const server = cloudwatch.stats().putMetricData;
    expect(server.samples).toBe(210);
    expect(server.received).toBeGreaterThanOrEqual(2);
    expect(service.lines.filter((line) => line.event === 'flush').at(-1)).toMatchObject({ reason: 'close' });

    const reader = new CloudWatchClient({
      endpoint: cloudwatch.endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    });
    cleanups.push(() => reader.destroy());
    const counts: Record<string, number> = {};
    for (const [route, status] of [
      ['/buy', '200'],
      ['/fail', '500'],
      ['/cart', '200'],
      ['other', '404'],
    ] as const) {
      const now = Date.now();
      const result = await reader.send(
        new GetMetricStatisticsCommand({
          Namespace: 'ExampleTest',
          MetricName: 'Latency',
          Dimensions: [
            { Name: 'Route', Value: route },
            { Name: 'Service', Value: 'example' },
            { Name: 'Status', Value: status },
          ],
          StartTime: new Date(now - 3_600_000),
          EndTime: new Date(now + 3_600_000),
          Period: 86_400,
          Statistics: ['SampleCount', 'Minimum', 'Maximum'],
          Unit: 'Milliseconds',
        }),
      );
      const points = result.Datapoints ?? [];
      counts[route] = points.reduce((sum, point) => sum + (point.SampleCount ?? 0), 0);
      for (const point of points) {
        expect(point.Minimum).toBeGreaterThanOrEqual(0);
        expect(point.Maximum).toBeLessThan(5_000);
      }
    }
    expect(counts).toEqual({ '/buy': 120, '/fail': 30, '/cart': 50, other: 10 });
  });

  it('has --help, and rejects a bad option with a message', async () => {
    const help = startService(['--help']);
    const helpExit = await help.exited;
    expect(helpExit.code).toBe(0);
    expect(help.lines[0]).toMatchObject({
      text: expect.stringMatching(/^Usage: node examples\/service.mjs/),
    });
    const bad = startService(['--flush-interval-ms', 'soon']);
    const badExit = await bad.exited;
    expect(badExit.code).toBe(2);
    expect(badExit.stderr).toMatch(/flushIntervalMs must be an integer/);
  });
});
