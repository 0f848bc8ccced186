/**
 * Runs the `kinesis-local` emulator (the kinesis-mock project, as used by LocalStack) as a child
 * process on free ports, for the demo and for tests. Its output is captured, not printed; it is
 * stopped by stop(), when this process exits, on SIGINT/SIGTERM/SIGHUP if nobody else handles them,
 * and, through a pipe it watches, even if this process is killed outright.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

/** The region the emulator answers for when none is configured. */
export const LOCAL_DEFAULT_REGION = 'us-east-1';

/** The emulator's log levels, quietest first. */
export const KINESIS_LOCAL_LOG_LEVELS = ['ERROR', 'WARN', 'INFO', 'DEBUG', 'TRACE'] as const;
export type KinesisLocalLogLevel = (typeof KINESIS_LOCAL_LOG_LEVELS)[number];

export interface KinesisLocalOptions {
  /** Plain HTTP port; default a free one. */
  port?: number;
  /** TLS port (the emulator always opens one); default a free one. */
  tlsPort?: number;
  /** The emulator's own log level (default ERROR: its WARN lines are CPU-starvation chatter). */
  logLevel?: KinesisLocalLogLevel;
  /** Receives every line the emulator prints. By default lines are only kept for error messages. */
  log?: (line: string) => void;
  /** More emulator settings (see the kinesis-local README), e.g. { INITIALIZE_STREAMS: 'demo:2' }. */
  env?: Record<string, string>;
  /** Give up if it does not answer within this long (default 30 s). */
  startTimeoutMs?: number;
}

export interface KinesisLocal {
  /** e.g. http://127.0.0.1:40123 */
  readonly endpoint: string;
  readonly port: number;
  readonly tlsPort: number;
  /** The emulator's default region: use it in clients so streams are found. */
  readonly region: string;
  readonly pid: number;
  /** The last lines the emulator printed (for diagnostics). */
  output(): string;
  /** SIGTERM, then SIGKILL after a short grace. Safe to call twice. */
  stop(): Promise<void>;
}

const STOP_GRACE_MS = 2_000;
const KEPT_LINES = 200;

// Makes the emulator exit when its stdin closes: that is, when this process is gone, however it died.
const WATCHDOG = 'data:text/javascript,process.stdin.on("end",()=>process.exit(0));process.stdin.resume();';

const running = new Set<ChildProcess>();
let exitHooksInstalled = false;

function killAllNow(): void {
  for (const child of running) {
    try {
      child.kill('SIGKILL');
    } catch {
      // already gone
    }
  }
  running.clear();
}

function installExitHooks(): void {
  if (exitHooksInstalled) return;
  exitHooksInstalled = true;
  process.on('exit', killAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const onSignal = (): void => {
      // Someone else handles this signal: they decide when to stop; the exit hook still cleans up.
      if (process.listenerCount(signal) > 1) return;
      killAllNow();
      process.removeListener(signal, onSignal);
      process.kill(process.pid, signal); // default action: terminate, as if we had not listened
    };
    process.on(signal, onSignal);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  server.close();
  await once(server, 'close');
  return port;
}

/** The emulator package's directory: main.js and the self-signed certificate it needs live there. */
function emulatorDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('kinesis-local/package.json'));
}

class LineBuffer {
  private readonly lines: string[] = [];
  private partial = '';
  constructor(private readonly sink?: (line: string) => void) {}
  push(chunk: Buffer | string): void {
    const parts = (this.partial + chunk.toString()).split('\n');
    this.partial = parts.pop() ?? '';
    for (const line of parts) this.add(line);
  }
  private add(line: string): void {
    this.lines.push(line);
    if (this.lines.length > KEPT_LINES) this.lines.shift();
    this.sink?.(line);
  }
  text(): string {
    return [...this.lines, this.partial].filter((l) => l !== '').join('\n');
  }
}

/**
 * One ListStreams call over plain HTTP. Not through the SDK on purpose: starting the emulator should
 * not make the SDK print its Node-version warning in the caller's terminal. The emulator reads the
 * account from the Authorization header but checks no signature.
 */
function listStreams(port: number): Promise<void> {
  const day = new Date().toISOString().replace(/[-:]/g, '').slice(0, 8);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/',
        timeout: 5_000,
        headers: {
          'content-type': 'application/x-amz-json-1.1',
          'x-amz-target': 'Kinesis_20131202.ListStreams',
          'x-amz-date': `${day}T000000Z`,
          authorization: `AWS4-HMAC-SHA256 Credential=local/${day}/${LOCAL_DEFAULT_REGION}/kinesis/aws4_request, SignedHeaders=host;x-amz-date, Signature=0`,
        },
      },
      (res) => {
        res.resume();
        if (res.statusCode === 200) resolve();
        else reject(new Error(`ListStreams answered HTTP ${res.statusCode}`));
      },
    );
    req.on('timeout', () => req.destroy(new Error('ListStreams timed out')));
    req.on('error', reject);
    req.end('{}');
  });
}

async function waitUntilAnswering(
  port: number,
  child: ChildProcess,
  timeoutMs: number,
  output: LineBuffer,
): Promise<void> {
  const exited = once(child, 'exit').then(([code, signal]) => {
    throw new Error(
      `kinesis-local exited before it was ready (${signal ?? `code ${code}`}).\n${output.text()}`.trimEnd(),
    );
  });
  exited.catch(() => {}); // observed below through Promise.race
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      await Promise.race([listStreams(port), exited]);
      return;
    } catch (err) {
      if (child.exitCode !== null || child.signalCode !== null) await exited;
      if (Date.now() > deadline) {
        throw new Error(
          `kinesis-local did not answer on port ${port} within ${timeoutMs} ms (${(err as Error).message}).\n${output.text()}`.trimEnd(),
        );
      }
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 100)), exited]);
    }
  }
}

async function startOnce(options: KinesisLocalOptions): Promise<KinesisLocal> {
  const dir = emulatorDir();
  const port = options.port ?? (await freePort());
  const tlsPort = options.tlsPort ?? (await freePort());
  const region = options.env?.AWS_REGION ?? LOCAL_DEFAULT_REGION;
  const output = new LineBuffer(options.log);
  const child = spawn(process.execPath, ['--import', WATCHDOG, join(dir, 'main.js')], {
    cwd: dir,
    detached: true, // its own process group: a Ctrl-C on the terminal is ours to handle, not its
    stdio: ['pipe', 'pipe', 'pipe'],
    env: {
      ...process.env,
      KINESIS_MOCK_PLAIN_PORT: String(port),
      KINESIS_MOCK_TLS_PORT: String(tlsPort),
      KINESIS_MOCK_CERT_PATH: join(dir, 'server.json'),
      // Stream changes take effect at once instead of after the default 500 ms.
      CREATE_STREAM_DURATION: '0ms',
      DELETE_STREAM_DURATION: '0ms',
      UPDATE_SHARD_COUNT_DURATION: '0ms',
      MERGE_SHARDS_DURATION: '0ms',
      SPLIT_SHARD_DURATION: '0ms',
      REGISTER_STREAM_CONSUMER_DURATION: '0ms',
      DEREGISTER_STREAM_CONSUMER_DURATION: '0ms',
      START_STREAM_ENCRYPTION_DURATION: '0ms',
      STOP_STREAM_ENCRYPTION_DURATION: '0ms',
      UPDATE_STREAM_MODE_DURATION: '0ms',
      SHARD_LIMIT: '1000',
      ON_DEMAND_STREAM_COUNT_LIMIT: '100',
      LOG_LEVEL: options.logLevel ?? 'ERROR',
      ROOT_LOG_LEVEL: 'ERROR',
      // Never read or write persisted data from whatever directory we were started in.
      LOAD_DATA_IF_EXISTS: 'false',
      SHOULD_PERSIST_DATA: 'false',
      AWS_REGION: region,
      ...options.env,
    },
  });
  running.add(child);
  installExitHooks();
  child.stdout?.on('data', (chunk) => output.push(chunk));
  child.stderr?.on('data', (chunk) => output.push(chunk));
  child.stdin?.on('error', () => {}); // EPIPE if it dies first
  // Neither the child nor its pipes keep this process alive: a forgotten stop() cannot hang it.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }
  const exited = once(child, 'exit');
  exited.then(() => running.delete(child)).catch(() => {});

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.ref(); // `await stop()` must see the exit, even if nothing else keeps this process alive
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    })();
    return stopping;
  };

  const endpoint = `http://127.0.0.1:${port}`;
  try {
    await waitUntilAnswering(port, child, options.startTimeoutMs ?? 30_000, output);
  } catch (err) {
    await stop();
    throw err;
  }
  return {
    endpoint,
    port,
    tlsPort,
    region,
    pid: child.pid ?? -1,
    output: () => output.text(),
    stop,
  };
}

/**
 * Starts kinesis-local and resolves once it answers ListStreams. Free ports are picked for you; if
 * one was taken in between, it retries with new ones.
 */
export async function startKinesisLocal(options: KinesisLocalOptions = {}): Promise<KinesisLocal> {
  const pickedPorts = options.port === undefined || options.tlsPort === undefined;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await startOnce(options);
    } catch (err) {
      const portClash = /EADDRINUSE|exited before it was ready/.test((err as Error).message);
      if (!pickedPorts || !portClash || attempt >= 3) throw err;
    }
  }
}
