/**
 * What one running endpoint holds: the store, the counters, the fault sequence, the 'slow' faults being
 * waited out and the request bodies in memory. Each request is an Exchange (exchange.ts) over it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyBudget } from './body-budget.js';
import { ConnectionGuard } from './connection-guard.js';
import { type CloudWatchLocalStats, Counters } from './counters.js';
import { Exchange } from './exchange.js';
import { FaultInjector } from './faults.js';
import { SUPPORTED_OPERATIONS } from './operations/index.js';
import type { RequestLogEntry, ResolvedOptions } from './options.js';
import { OriginGuard } from './request-origin.js';
import { MetricStore } from './store.js';
import { appIdFromUserAgent } from './user-agent.js';

export class Service {
  readonly store: MetricStore;
  readonly counters = new Counters(SUPPORTED_OPERATIONS);
  readonly faults: FaultInjector;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  readonly bodies: BodyBudget;
  readonly connections: ConnectionGuard;
  readonly origins: OriginGuard;
  stopped = false;

  constructor(readonly options: ResolvedOptions) {
    this.store = new MetricStore({
      maxMetrics: options.maxMetrics,
      maxStoredValues: options.maxStoredValues,
      maxStoreBytes: options.maxStoreBytes,
    });
    this.faults = new FaultInjector(options.faultRate, options.faultSeed, options.faultKinds);
    this.bodies = new BodyBudget(options.maxBodyBytes);
    this.connections = new ConnectionGuard(options.maxConnections);
    this.origins = new OriginGuard({
      listenHost: options.host,
      allowedHosts: options.allowedHosts,
      allowedOrigins: options.allowedOrigins,
    });
  }

  stats(): CloudWatchLocalStats {
    return this.counters.snapshot({
      storedMetrics: this.store.metricCount,
      storedValues: this.store.storedValues,
      storedBytes: this.store.storedBytes,
      connections: { ...this.connections.counters(), stalledBodies: this.bodies.abandoned },
    });
  }

  reset(): void {
    this.store.reset();
    this.counters.reset();
    this.faults.reset();
    this.connections.resetCounters();
    this.bodies.abandoned = 0;
  }

  /** Waits for a 'slow' fault; cut short when the server stops. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingDelays.add(entry);
    });
  }

  cancelDelays(): void {
    for (const entry of this.pendingDelays) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pendingDelays.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const log: RequestLogEntry = {
      method: req.method ?? '',
      path: '',
      protocol: 'unknown',
      status: 0,
      appId: appIdFromUserAgent(req.headers['user-agent']),
      durationMs: 0,
    };
    const exchange = new Exchange(this, req, res, log);
    this.connections.requestStarted(req.socket);
    res.on('close', () => {
      exchange.releaseBody();
      this.connections.requestFinished(req.socket);
      log.status = res.headersSent ? res.statusCode : 0;
      log.durationMs = performance.now() - started;
      this.options.onRequest?.(log);
    });
    try {
      await exchange.route();
    } catch (error) {
      exchange.failUnexpectedly(error);
    }
  }
}
