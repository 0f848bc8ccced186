import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { CloudWatchLocalStats } from './counters.js';
import { type CloudWatchLocalOptions, resolveOptions } from './options.js';
import { Service } from './service.js';

export interface CloudWatchLocal {
  /** Base URL to give an SDK client, e.g. `http://127.0.0.1:4582`. */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  /** A snapshot of the counters (plain, JSON-serialisable). */
  stats(): CloudWatchLocalStats;
  /** Forgets stored metrics, zeroes the counters and restarts the fault sequence from its seed. */
  reset(): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

/** Server-side limits on slow or stuck clients, so one of them cannot hold a connection forever. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/** Starts a local CloudWatch metrics endpoint; resolves once it listens. */
export async function startCloudWatchLocal(options: CloudWatchLocalOptions = {}): Promise<CloudWatchLocal> {
  const resolved = resolveOptions(options);
  const service = new Service(resolved);
  const server = createServer((req, res) => {
    void service.handle(req, res);
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new Error(`cloudwatch-local cannot listen on ${resolved.host}:${resolved.port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${hostInUrl}:${port}`,
    port,
    host: resolved.host,
    stats: () => service.stats(),
    reset: () => service.reset(),
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        service.stopped = true;
        service.cancelDelays();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
