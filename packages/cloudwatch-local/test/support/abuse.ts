/**
 * Tools for the abuse tests: the endpoint as a child process (so its memory can be read and a crash would
 * show as an exit), raw HTTP over sockets (for thousands of connections and requests fetch will not send),
 * and the figures file the reliability script collects.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

export const LONG = process.env.CWAGG_LONG === '1';

export function recordFigures(row: string, figures: Record<string, unknown>): void {
  const out = process.env.CWAGG_RELIABILITY_OUT;
  if (!out) return;
  appendFileSync(out, `${JSON.stringify({ suite: '@cwagg/cloudwatch-local', row, ...figures })}\n`);
}

const CLI = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface EndpointChild {
  endpoint: string;
  port: number;
  pid: number;
  /** Resident memory now and at its peak, MiB (Linux /proc). */
  memory(): { rssMb: number; peakMb: number };
  /** Still running (it never exits on its own). */
  alive(): boolean;
  stop(): Promise<void>;
}

export async function startEndpointChild(args: string[] = []): Promise<EndpointChild> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm run build" first`);
  const child: ChildProcess = spawn(process.execPath, [CLI, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`cloudwatch-local exited with ${code}: ${stderr}`)));
  });
  const pid = child.pid as number;
  return {
    endpoint,
    port: Number(new URL(endpoint).port),
    pid,
    memory() {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1]);
      return { rssMb: kb('VmRSS') / 1024, peakMb: kb('VmHWM') / 1024 };
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

export interface RawAnswer {
  /** HTTP status, or 0 when the connection ended without an answer. */
  status: number;
  body: string;
}

/** Sends bytes on a fresh connection and reads one answer (the server closes or sends Content-Length). */
// Generous: a thousand exchanges at once on a busy 2-core machine took over 30 s to be answered.
export function rawExchange(port: number, request: Buffer | string, timeoutMs = 180_000): Promise<RawAnswer> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      const text = Buffer.concat(chunks).toString('latin1');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(text)?.[1] ?? 0);
      const body = text.slice(text.indexOf('\r\n\r\n') + 4);
      resolve({ status, body });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      const text = Buffer.concat(chunks).toString('latin1');
      const head = text.indexOf('\r\n\r\n');
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(text)?.[1] ?? Number.NaN);
      if (head >= 0 && Number.isFinite(length) && Buffer.byteLength(text, 'latin1') >= head + 4 + length)
        finish();
    });
    socket.on('error', finish);
    socket.on('close', finish);
    socket.write(request);
  });
}

/** An HTTP/1.1 POST as bytes (to `/` unless another request target is given). */
export function post(headers: Record<string, string>, body: Buffer | string, target = '/'): Buffer {
  const payload = typeof body === 'string' ? Buffer.from(body) : body;
  const lines = Object.entries({ host: '127.0.0.1', 'content-length': String(payload.length), ...headers })
    .map(([name, value]) => `${name}: ${value}`)
    .join('\r\n');
  return Buffer.concat([Buffer.from(`POST ${target} HTTP/1.1\r\n${lines}\r\n\r\n`), payload]);
}

const openedAt = new WeakMap<Socket, number>();

/** Opens a connection and writes `head` (and part of a body), leaving it open until closed. */
export function holdOpen(port: number, head: Buffer | string): Promise<Socket> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1', () => {
      openedAt.set(socket, performance.now());
      if (head.length > 0) socket.write(head);
      resolve(socket);
    });
    socket.on('error', () => {}); // the server may close it; that is allowed
  });
}

export interface Closing {
  /** The server closed it within the time allowed. */
  closed: boolean;
  /** The status of what it answered before closing, 0 for nothing. */
  status: number;
  /** From when holdOpen opened it (or from this call) to its closing. */
  afterMs: number;
}

/** Waits for the server to close a connection (reading whatever it answers), up to timeoutMs. */
export function closedBy(socket: Socket, timeoutMs: number): Promise<Closing> {
  const from = openedAt.get(socket) ?? performance.now();
  return new Promise((resolve) => {
    let answer = '';
    const finish = (closed: boolean) => {
      clearTimeout(timer);
      resolve({
        closed,
        status: Number(/^HTTP\/1\.1 (\d{3})/.exec(answer)?.[1] ?? 0),
        afterMs: performance.now() - from,
      });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    if (socket.destroyed || socket.readableEnded) return finish(true);
    // Reading is what lets the end of the connection be seen.
    socket.on('data', (chunk: Buffer) => {
      if (answer.length < 200) answer += chunk.toString('latin1');
    });
    socket.once('close', () => finish(true));
  });
}

/** Peak resident memory sampled while `work` runs. */
export async function peakWhile<T>(
  endpoint: EndpointChild,
  work: () => Promise<T>,
): Promise<{ result: T; peakRssMb: number }> {
  let peak = endpoint.memory().rssMb;
  const timer = setInterval(() => {
    if (endpoint.alive()) peak = Math.max(peak, endpoint.memory().rssMb);
  }, 50);
  try {
    const result = await work();
    return { result, peakRssMb: Math.max(peak, endpoint.memory().rssMb) };
  } finally {
    clearInterval(timer);
  }
}
