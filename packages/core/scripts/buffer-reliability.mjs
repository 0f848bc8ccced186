// What a MetricsBuffer survives, measured for apps/local/RELIABILITY.md: close() against an endpoint that
// stalls or refuses, SIGTERM through the shutdown hooks, and bursts far past the bounds. Each scenario runs
// in a process of its own, so that its peak resident set (VmHWM) is its own; one JSON line per scenario.
//
//   pnpm --filter @cwagg/core build && node packages/core/scripts/buffer-reliability.mjs
//   node packages/core/scripts/buffer-reliability.mjs --core /path/to/another/build/dist   (to compare)
//
// Node built-ins and the built package only: no AWS account, no other workspace package.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const SCENARIOS = [
  'close-stalled',
  'close-refused',
  'sigterm-stalled',
  'burst-one-loop',
  'burst-behind-stall',
];
/** A scenario still running after this long is reported as such and stopped. */
const SCENARIO_CAP_MS = 120_000;
const CREDENTIALS = { accessKeyId: 'test', secretAccessKey: 'test' };

const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
};
const coreDist = resolve(option('--core') ?? join(dirname(fileURLToPath(import.meta.url)), '..', 'dist'));
const scenario = option('--scenario');
const only = option('--only');

if (scenario === undefined) await runAll();
else await runScenario(scenario);

async function runAll() {
  for (const name of only === undefined ? SCENARIOS : [only]) {
    const child = spawn(
      process.execPath,
      [fileURLToPath(import.meta.url), '--scenario', name, '--core', coreDist],
      {
        env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += chunk;
    });
    const cap = setTimeout(() => child.kill('SIGKILL'), SCENARIO_CAP_MS);
    const [code, signal] = await once(child, 'exit');
    clearTimeout(cap);
    const last = output.trim().split('\n').at(-1) ?? '';
    const result = last.startsWith('{') ? JSON.parse(last) : {};
    if (signal === 'SIGKILL') result.stillRunningAfterMs = SCENARIO_CAP_MS;
    console.log(JSON.stringify({ scenario: name, exitCode: code, ...result }));
  }
}

async function runScenario(name) {
  const { MetricsBuffer } = await import(pathToFileURL(join(coreDist, 'index.js')).href);
  const drops = {};
  const watch = (metrics) => {
    metrics.on('drop', ({ reason, samples }) => {
      drops[reason] = (drops[reason] ?? 0) + samples;
    });
    metrics.on('error', () => {});
    metrics.on('rejected', () => {});
  };
  const report = (fields) => console.log(JSON.stringify({ ...fields, drops, peakRssMiB: peakRssMiB() }));

  if (name === 'close-stalled' || name === 'close-refused') {
    const endpoint = name === 'close-stalled' ? await stalledEndpoint() : await refusedEndpoint();
    const metrics = new MetricsBuffer({
      namespace: 'Reliability',
      endpoint,
      region: 'us-east-1',
      clientConfig: { credentials: CREDENTIALS },
    });
    watch(metrics);
    for (let i = 0; i < 100_000; i++) metrics.record('Latency', i % 1000);
    const started = Date.now();
    const stats = await metrics.close();
    report({
      closeMs: Date.now() - started,
      recorded: stats.recorded,
      sent: stats.sent,
      dropped: stats.dropped,
    });
    process.exit(0);
  }

  if (name === 'sigterm-stalled') {
    // This process is the service; a child of it plays the orchestrator's SIGTERM and times the exit.
    if (process.env.CWAGG_SERVICE !== '1') {
      const service = spawn(
        process.execPath,
        [fileURLToPath(import.meta.url), '--scenario', name, '--core', coreDist],
        {
          env: { ...process.env, CWAGG_SERVICE: '1' },
          stdio: ['ignore', 'pipe', 'inherit'],
        },
      );
      let output = '';
      service.stdout.on('data', (chunk) => {
        output += chunk;
      });
      while (!output.includes('ready')) await new Promise((resolve) => setTimeout(resolve, 20));
      const signalled = Date.now();
      service.kill('SIGTERM');
      const [code] = await once(service, 'exit');
      const dropLines = output.split('\n').filter((line) => line.startsWith('{'));
      console.log(
        JSON.stringify({
          exitMs: Date.now() - signalled,
          serviceExitCode: code,
          serviceSaid: dropLines.map((line) => JSON.parse(line)),
        }),
      );
      process.exit(0);
    }
    const endpoint = await stalledEndpoint();
    const metrics = new MetricsBuffer({
      namespace: 'Reliability',
      endpoint,
      region: 'us-east-1',
      clientConfig: { credentials: CREDENTIALS },
    });
    metrics.on('drop', ({ reason, samples }) => console.log(JSON.stringify({ drop: reason, samples })));
    metrics.on('error', () => {});
    metrics.installShutdownHooks();
    for (let i = 0; i < 100_000; i++) metrics.record('Latency', i % 1000);
    setInterval(() => {}, 1_000);
    console.log('ready');
    return;
  }

  if (name === 'burst-one-loop') {
    const metrics = new MetricsBuffer({
      namespace: 'Reliability',
      endpoint: await acceptingEndpoint(),
      region: 'us-east-1',
      clientConfig: { credentials: CREDENTIALS },
      closeTimeoutMs: 1_000,
    });
    watch(metrics);
    const started = Date.now();
    for (let i = 0; i < 5_000_000; i++) metrics.record('Latency', i + 0.5);
    const loopMs = Date.now() - started;
    const held = metrics.stats();
    const stats = await metrics.close();
    report({
      records: 5_000_000,
      loopMs,
      heldAfterLoop: held.bufferedValues ?? held.buffered,
      droppedAfterLoop: held.dropped,
      recorded: stats.recorded,
      sent: stats.sent,
      dropped: stats.dropped,
    });
    process.exit(0);
  }

  if (name === 'burst-behind-stall') {
    const metrics = new MetricsBuffer({
      namespace: 'Reliability',
      endpoint: await stalledEndpoint(),
      region: 'us-east-1',
      clientConfig: { credentials: CREDENTIALS },
      closeTimeoutMs: 1_000,
    });
    watch(metrics);
    let maxHeld = 0;
    let maxInFlight = 0;
    for (let turn = 0; turn < 250; turn++) {
      for (let i = 0; i < 20_000; i++) metrics.record('Latency', turn * 100_000 + i + 0.5);
      await new Promise((resolve) => setImmediate(resolve));
      const stats = metrics.stats();
      maxHeld = Math.max(maxHeld, stats.bufferedValues ?? stats.buffered);
      maxInFlight = Math.max(maxInFlight, stats.inFlight);
    }
    // Said before close(), so that a build whose close() never ends still reports what it held.
    report({ records: 5_000_000, maxHeld, maxInFlight, closing: true });
    const stats = await metrics.close();
    report({
      records: 5_000_000,
      maxHeld,
      maxInFlight,
      recorded: stats.recorded,
      sent: stats.sent,
      dropped: stats.dropped,
    });
    process.exit(0);
  }
  throw new Error(`unknown scenario ${name}; one of ${SCENARIOS.join(', ')}`);
}

/** A CloudWatch that accepts connections and never answers. */
async function stalledEndpoint() {
  const server = createServer((socket) => {
    socket.on('error', () => {});
    socket.resume();
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.unref();
  return `http://127.0.0.1:${server.address().port}`;
}

/** A CloudWatch that stores everything: every request is read and answered 200 `{}` (JSON 1.0). */
async function acceptingEndpoint() {
  const server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
      res.end('{}');
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  server.unref();
  return `http://127.0.0.1:${server.address().port}`;
}

/** An address where nothing listens: every connection is refused. */
async function refusedEndpoint() {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address();
  server.close();
  await once(server, 'close');
  return `http://127.0.0.1:${port}`;
}

function peakRssMiB() {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : undefined;
}
