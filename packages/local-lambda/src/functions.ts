/**
 * A Lambda function on this machine: its built bundle run in warm "containers" (one Node process each,
 * see startBundleHost in bundle-host.ts), one invocation at a time per container, new containers started
 * on demand up to `maxContainers` (Lambda's concurrency limit), a container that died replaced by a
 * fresh one (a cold start) at the next invocation.
 */
import { type BundleHost, BundleInvokeError, startBundleHost } from './bundle-host.js';
import { checkInteger } from './util.js';

export interface LocalFunctionOptions {
  /** For messages, e.g. 'single'. */
  name: string;
  bundleFile: string;
  /** The function's whole environment. */
  env: Readonly<Record<string, string>>;
  /** Containers running at once (default 1). */
  maxContainers?: number;
  /** An invocation that runs longer is stopped and its container killed, as Lambda does (default 120 s). */
  timeoutMs?: number;
  /** Receives what the function prints, line by line. */
  onLog?: (line: string, stream: 'stdout' | 'stderr', pid: number) => void;
  /** Told about every container started (after its cold start) and every one that exited. */
  onContainer?: (event: {
    type: 'started' | 'exited';
    pid: number;
    code?: number | null;
    signal?: string | null;
  }) => void;
}

export interface ContainerInfo {
  pid: number;
  busy: boolean;
  invocations: number;
}

export interface LocalFunctionStats {
  invocations: number;
  /** Invocations that ended with an answer (batchItemFailures or not). */
  answered: number;
  handlerErrors: number;
  crashes: number;
  timeouts: number;
  coldStarts: number;
  coldStartFailures: number;
}

export interface LocalFunction {
  readonly name: string;
  /** Runs the handler on one event in a free container; rejects with a BundleInvokeError. */
  invoke(event: unknown): Promise<unknown>;
  /** Starts containers up to `count` (default 1) and waits for their cold start: a broken bundle or configuration fails here. */
  warm(count?: number): Promise<void>;
  /** Live containers. */
  containers(): ContainerInfo[];
  /** Every container process started so far, live or not. */
  pids(): number[];
  stats(): LocalFunctionStats;
  /** Kills one container (default: the first busy one, else the first): for tests of crashes mid-batch. */
  kill(pid?: number, signal?: NodeJS.Signals): number | undefined;
  /** Stops every container (SIGKILL after a short grace) and refuses new invocations. */
  stop(): Promise<void>;
}

interface Container {
  host: BundleHost;
  busy: boolean;
  invocations: number;
}

interface Waiter {
  resolve: (container: Container) => void;
  reject: (error: unknown) => void;
}

const STOP_GRACE_MS = 2_000;

export function startLocalFunction(options: LocalFunctionOptions): LocalFunction {
  const maxContainers = options.maxContainers ?? 1;
  checkInteger('maxContainers', maxContainers, 1, 1_000);
  const timeoutMs = options.timeoutMs ?? 120_000;
  const containers: Container[] = [];
  const starting = new Set<Promise<Container>>();
  const allPids: number[] = [];
  const waiting: Waiter[] = [];
  const stats: LocalFunctionStats = {
    invocations: 0,
    answered: 0,
    handlerErrors: 0,
    crashes: 0,
    timeouts: 0,
    coldStarts: 0,
    coldStartFailures: 0,
  };
  let stopped = false;

  const lineSplitter = (stream: 'stdout' | 'stderr', pid: () => number) => {
    let partial = '';
    return (text: string): void => {
      if (!options.onLog) return;
      const parts = (partial + text).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line !== '') options.onLog(line, stream, pid());
    };
  };

  /** Starts a container; `reserved` ones are busy from the start (an invocation is waiting for them). */
  const startContainer = async (reserved: boolean): Promise<Container> => {
    let pid = -1;
    const out = lineSplitter('stdout', () => pid);
    const err = lineSplitter('stderr', () => pid);
    const host = startBundleHost(options.bundleFile, {
      env: options.env,
      detached: true,
      onOutput: (stream, text) => (stream === 'stdout' ? out(text) : err(text)),
    });
    pid = host.pid;
    allPids.push(pid);
    stats.coldStarts += 1;
    const container: Container = { host, busy: reserved, invocations: 0 };
    host.exited.then((exit) => {
      const at = containers.indexOf(container);
      if (at >= 0) containers.splice(at, 1);
      options.onContainer?.({ type: 'exited', pid, code: exit.code, signal: exit.signal });
      pump(); // its place can go to a fresh container
    });
    try {
      await host.ready;
    } catch (error) {
      stats.coldStartFailures += 1;
      host.kill();
      await host.exited;
      throw error;
    }
    containers.push(container);
    options.onContainer?.({ type: 'started', pid });
    return container;
  };

  /** Hands free containers (or new ones, within the limit) to invocations waiting for one. */
  const pump = (): void => {
    while (waiting.length > 0 && !stopped) {
      const idle = containers.find((c) => !c.busy && !c.host.closed);
      if (idle) {
        idle.busy = true;
        waiting.shift()?.resolve(idle);
        continue;
      }
      if (containers.length + starting.size >= maxContainers) return;
      const waiter = waiting.shift() as Waiter;
      const start = startContainer(true);
      starting.add(start);
      start.then(
        (container) => {
          starting.delete(start);
          waiter.resolve(container);
        },
        (error: unknown) => {
          starting.delete(start);
          waiter.reject(error);
          pump();
        },
      );
    }
  };

  const acquire = (): Promise<Container> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      pump();
    });

  return {
    name: options.name,
    async invoke(event) {
      if (stopped) throw new BundleInvokeError('crashed', `function ${options.name} is stopped`);
      stats.invocations += 1;
      const container = await acquire();
      container.invocations += 1;
      try {
        const response = await container.host.invoke(event, { timeoutMs });
        stats.answered += 1;
        return response;
      } catch (error) {
        if (error instanceof BundleInvokeError) {
          if (error.reason === 'handler-error') stats.handlerErrors += 1;
          else if (error.reason === 'timed-out') stats.timeouts += 1;
          else if (error.reason === 'crashed') stats.crashes += 1;
        }
        throw error;
      } finally {
        container.busy = false;
        pump();
      }
    },
    async warm(count = 1) {
      const wanted = Math.min(count, maxContainers);
      const starts: Promise<Container>[] = [];
      while (containers.length + starting.size < wanted) {
        const start = startContainer(false);
        starting.add(start);
        const forget = (): void => {
          starting.delete(start);
        };
        start.then(forget, forget);
        starts.push(start);
      }
      try {
        await Promise.all(starts);
      } finally {
        pump();
      }
    },
    containers: () => containers.map((c) => ({ pid: c.host.pid, busy: c.busy, invocations: c.invocations })),
    pids: () => [...allPids],
    stats: () => ({ ...stats }),
    kill(pid, signal = 'SIGKILL') {
      const target =
        pid === undefined
          ? (containers.find((c) => c.busy) ?? containers[0])
          : containers.find((c) => c.host.pid === pid);
      target?.host.kill(signal);
      return target?.host.pid;
    },
    async stop() {
      stopped = true;
      for (const waiter of waiting.splice(0)) {
        waiter.reject(new BundleInvokeError('crashed', `function ${options.name} was stopped`));
      }
      await Promise.allSettled([...starting]);
      await Promise.all(
        containers.map((c) => {
          if (c.busy) c.host.kill('SIGKILL');
          return c.host.stop({ graceMs: STOP_GRACE_MS });
        }),
      );
    },
  };
}
