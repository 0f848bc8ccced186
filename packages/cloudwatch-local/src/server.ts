import { createServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
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

/** An idle keep-alive connection is closed after this. */
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

/**
 * How often Node checks the headers and request timeouts. Its default, 30 s, let a connection sending its
 * headers slowly stay 30 s against a 10 s timeout, and a slow body 57 s against 30 s.
 */
function timeoutCheckInterval(headersTimeoutMs: number): number {
  return Math.max(50, Math.min(1_000, Math.floor(headersTimeoutMs / 4)));
}

/** Starts a local CloudWatch metrics endpoint; resolves once it listens. */
export async function startCloudWatchLocal(options: CloudWatchLocalOptions = {}): Promise<CloudWatchLocal> {
  const resolved = resolveOptions(options);
  const service = new Service(resolved);
  const server = createServer(
    {
      headersTimeout: resolved.headersTimeoutMs,
      requestTimeout: resolved.requestTimeoutMs,
      connectionsCheckingInterval: timeoutCheckInterval(resolved.headersTimeoutMs),
    },
    (req, res) => {
      void service.handle(req, res);
    },
  );
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('connection', (socket: Socket) => service.connections.admit(socket));

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
