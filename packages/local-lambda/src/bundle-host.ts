/**
 * Runs a Lambda handler bundle the way Lambda runs it: a Node process of its own, only the environment
 * given, the bundle loaded from its own directory (no node_modules to lean on), its `handler` awaited for
 * one event at a time, warm between events.
 *
 * `startBundleHost` keeps such a process (a warm "container") for as long as the caller wants it: the
 * one-machine pipeline invokes its functions through it, and a test can kill it in the middle of a batch.
 * One-shot runs on top of it are in one-shot.ts.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface BundleHostOptions {
  /** The whole environment of the function (nothing is inherited). */
  env?: Readonly<Record<string, string>>;
  /** Receives the function's output as it arrives. The last 64 KiB of each stream are kept anyway. */
  onOutput?: (stream: 'stdout' | 'stderr', text: string) => void;
  /**
   * Its own process group: a Ctrl-C in the terminal then reaches only the parent, which stops the host
   * itself. Either way the host exits when the parent goes away (its IPC channel closes).
   */
  detached?: boolean;
}

export interface BundleHostExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export type BundleFailure = 'handler-error' | 'cold-start' | 'crashed' | 'timed-out';

/** Why an invocation has no answer: the handler threw, the bundle failed to load, or the process died. */
export class BundleInvokeError extends Error {
  override name = 'BundleInvokeError';
  /** For `handler-error` and `cold-start`: the error as the function printed it (its stack). */
  readonly detail: string;
  constructor(
    readonly reason: BundleFailure,
    message: string,
    detail = message,
  ) {
    super(message);
    this.detail = detail;
  }
}

export interface BundleHost {
  readonly pid: number;
  /** Resolves once the bundle is loaded (its init code ran); rejects with a `cold-start` BundleInvokeError. */
  readonly ready: Promise<void>;
  /** Resolves when the process has exited and its output is read; never rejects. */
  readonly exited: Promise<BundleHostExit>;
  /** True while an invocation runs or waits. */
  readonly busy: boolean;
  /** True once the process has exited, was told to stop, or was killed: it takes no more invocations. */
  readonly closed: boolean;
  /**
   * The handler's answer to one event, after the invocations queued before it. Rejects with a
   * BundleInvokeError: `handler-error` (the host stays warm), `cold-start`, `crashed` (the process died),
   * `timed-out` (the process was killed, as Lambda does when a function times out).
   */
  invoke(event: unknown, options?: { timeoutMs?: number }): Promise<unknown>;
  /** Sends a signal now (default SIGKILL): whatever runs is lost, as when a container dies. */
  kill(signal?: NodeJS.Signals): void;
  /** Lets queued invocations finish, then closes the channel; the process exits (SIGKILL after graceMs). */
  stop(options?: { graceMs?: number }): Promise<BundleHostExit>;
  /** The last 64 KiB the function printed on each stream. */
  output(): { stdout: string; stderr: string };
}

const KEPT_OUTPUT_CHARS = 64 * 1024;
const DEFAULT_STOP_GRACE_MS = 5_000;

// The child: load the bundle (cold start), then answer one event per message. It exits as soon as its
// channel closes: when the parent stops it, and when the parent dies, however it died.
const CHILD = `
const bundle = process.argv[1];
process.on('disconnect', () => process.exit(0));
let module;
try {
  module = await import(bundle);
} catch (error) {
  process.send({ coldStartError: String((error && error.stack) || error) });
  process.disconnect();
}
if (module) {
  process.on('message', async ({ id, event, deadline }) => {
    // The part of Lambda's context a handler uses to stop in time: the invocation's deadline.
    const context = {
      awsRequestId: 'local-' + id,
      getRemainingTimeInMillis: () =>
        deadline === undefined ? Number.POSITIVE_INFINITY : Math.max(0, deadline - Date.now()),
    };
    try {
      const response = await module.handler(event, context);
      process.send({ id, response });
    } catch (error) {
      process.send({ id, error: String((error && error.stack) || error) });
    }
  });
  process.send({ ready: true });
}
`;

interface ChildMessage {
  ready?: true;
  coldStartError?: string;
  id?: number;
  response?: unknown;
  error?: string;
}

interface Pending {
  id: number;
  event: unknown;
  timeoutMs: number | undefined;
  resolve: (response: unknown) => void;
  reject: (error: BundleInvokeError) => void;
}

function keepTail(text: string): string {
  return text.length > KEPT_OUTPUT_CHARS ? text.slice(text.length - KEPT_OUTPUT_CHARS) : text;
}

function describeExit(exit: BundleHostExit): string {
  return exit.signal ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
}

/** Starts a warm host for a handler bundle. The caller stops it (or kills it); see BundleHost. */
export function startBundleHost(bundleFile: string, options: BundleHostOptions = {}): BundleHost {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--input-type=module', '-e', CHILD, pathToFileURL(bundleFile).href],
    {
      cwd: dirname(bundleFile),
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
      detached: options.detached ?? false,
    },
  );
  const output = { stdout: '', stderr: '' };
  for (const stream of ['stdout', 'stderr'] as const) {
    child[stream]?.setEncoding('utf8');
    child[stream]?.on('data', (text: string) => {
      output[stream] = keepTail(output[stream] + text);
      options.onOutput?.(stream, text);
    });
  }

  const queue: Pending[] = [];
  let current: Pending | undefined;
  let timer: NodeJS.Timeout | undefined;
  let nextId = 1;
  let exitInfo: BundleHostExit | undefined;
  let stopping = false;
  /** Killed (by kill() or a timeout) but not exited yet: it takes no more invocations. */
  let dying = false;
  let readyState: 'loading' | 'ready' | 'failed' = 'loading';
  let coldStartError: BundleInvokeError | undefined;

  // The channel keeps the parent alive only while there is work: a forgotten host cannot hang it.
  const holdParent = (hold: boolean): void => {
    const channel = child.channel as { ref?: () => void; unref?: () => void } | null | undefined;
    if (hold) channel?.ref?.();
    else channel?.unref?.();
  };
  child.unref();
  for (const stream of [child.stdout, child.stderr]) {
    (stream as unknown as { unref?: () => void } | null)?.unref?.();
  }

  let markReady: () => void = () => {};
  let failReady: (error: BundleInvokeError) => void = () => {};
  const ready = new Promise<void>((resolve, reject) => {
    markReady = resolve;
    failReady = reject;
  });
  ready.catch(() => {}); // observed through invoke() or by the caller

  let resolveExited: (exit: BundleHostExit) => void = () => {};
  const exited = new Promise<BundleHostExit>((resolve) => {
    resolveExited = resolve;
  });

  const crashError = (during: string): BundleInvokeError => {
    const stderr = output.stderr.trim().split('\n').slice(-5).join('\n');
    const how = exitInfo ? describeExit(exitInfo) : 'is gone';
    return new BundleInvokeError(
      'crashed',
      `the function process ${how} ${during}${stderr ? `:\n${stderr}` : ''}`,
    );
  };

  const disconnect = (): void => {
    if (child.connected) child.disconnect();
  };

  const dispatch = (): void => {
    if (current || readyState !== 'ready' || exitInfo) return;
    current = queue.shift();
    if (!current) {
      holdParent(false);
      if (stopping) disconnect();
      return;
    }
    holdParent(true);
    const { id, event, timeoutMs } = current;
    if (timeoutMs !== undefined) {
      timer = setTimeout(() => {
        const timedOut = current;
        current = undefined;
        dying = true;
        child.kill('SIGKILL');
        timedOut?.reject(
          new BundleInvokeError('timed-out', `the function did not answer within ${timeoutMs} ms`),
        );
      }, timeoutMs);
    }
    // If the channel is already closed, the process is going away: its close event settles this one.
    const deadline = timeoutMs === undefined ? undefined : Date.now() + timeoutMs;
    child.send({ id, event, deadline }, () => {});
  };

  const settle = (id: number, outcome: { response?: unknown; error?: string }): void => {
    if (current?.id !== id) return; // a late answer from an invocation that timed out
    clearTimeout(timer);
    const done = current;
    current = undefined;
    if (outcome.error !== undefined) {
      done.reject(
        new BundleInvokeError('handler-error', outcome.error.split('\n')[0] ?? 'error', outcome.error),
      );
    } else {
      done.resolve(outcome.response);
    }
    dispatch();
  };

  child.on('message', (message: ChildMessage) => {
    if (message.ready) {
      readyState = 'ready';
      markReady();
      dispatch();
    } else if (message.coldStartError !== undefined) {
      readyState = 'failed';
      const firstLine = message.coldStartError.split('\n')[0] ?? 'error';
      coldStartError = new BundleInvokeError(
        'cold-start',
        `the function failed to start: ${firstLine}`,
        message.coldStartError,
      );
      failReady(coldStartError);
      for (const pending of queue.splice(0)) pending.reject(coldStartError);
      holdParent(false);
    } else if (message.id !== undefined) {
      settle(message.id, message);
    }
  });
  const gone = (exit: BundleHostExit): void => {
    if (exitInfo) return;
    exitInfo = exit;
    clearTimeout(timer);
    if (readyState === 'loading') {
      readyState = 'failed';
      coldStartError = crashError('while loading the bundle');
      failReady(coldStartError);
    }
    const running = current;
    current = undefined;
    running?.reject(crashError('during the invocation'));
    for (const pending of queue.splice(0)) {
      pending.reject(coldStartError ?? crashError('before the invocation started'));
    }
    resolveExited(exit);
  };
  // Settled on 'exit' once stdout and stderr are read to the end. Not on 'close': Node does not emit it
  // when the parent is the one that closed the IPC channel.
  const streamsClosed = [child.stdout, child.stderr].map((stream) =>
    stream && !stream.closed ? new Promise((resolve) => stream.once('close', resolve)) : undefined,
  );
  child.once('exit', (code: number | null, signal: NodeJS.Signals | null) => {
    Promise.all(streamsClosed).then(() => gone({ code, signal }));
  });
  child.on('error', (error) => {
    // A failed spawn has no pid and may never close; other errors (a signal to a dead process, a send
    // on a closed channel) are followed by the close event, which settles everything.
    if (child.pid !== undefined) return;
    output.stderr = keepTail(`${output.stderr}could not start node: ${error.message}\n`);
    gone({ code: null, signal: null });
  });

  return {
    pid: child.pid ?? -1,
    ready,
    exited,
    get busy() {
      return current !== undefined || queue.length > 0;
    },
    get closed() {
      return exitInfo !== undefined || stopping || dying;
    },
    invoke(event, invokeOptions = {}) {
      if (exitInfo) return Promise.reject(coldStartError ?? crashError('before the invocation started'));
      if (dying) return Promise.reject(new BundleInvokeError('crashed', 'the function process was killed'));
      if (readyState === 'failed' && coldStartError) return Promise.reject(coldStartError);
      if (stopping) {
        return Promise.reject(new BundleInvokeError('crashed', 'the function host is stopping'));
      }
      return new Promise((resolve, reject) => {
        queue.push({ id: nextId++, event, timeoutMs: invokeOptions.timeoutMs, resolve, reject });
        holdParent(true);
        dispatch();
      });
    },
    kill(signal = 'SIGKILL') {
      if (exitInfo) return;
      if (signal === 'SIGKILL' || signal === 'SIGTERM') dying = true;
      try {
        child.kill(signal);
      } catch {
        // already gone
      }
    },
    async stop(stopOptions = {}) {
      if (!exitInfo) {
        stopping = true;
        // Still loading: dispatch() disconnects once the queue has drained.
        if (readyState === 'failed' || (readyState === 'ready' && !current && queue.length === 0)) {
          disconnect();
        }
        const grace = setTimeout(() => child.kill('SIGKILL'), stopOptions.graceMs ?? DEFAULT_STOP_GRACE_MS);
        // Waiting on the host must keep the parent alive.
        const keepAlive = setInterval(() => {}, 1_000);
        try {
          await exited;
        } finally {
          clearTimeout(grace);
          clearInterval(keepAlive);
        }
      }
      return exited;
    },
    output: () => ({ ...output }),
  };
}
