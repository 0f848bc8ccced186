/**
 * What one running endpoint holds: the store, the counters, the fault sequence, the 'slow' faults being
 * waited out and the request bodies in memory. Each request is an Exchange (exchange.ts) over it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { BodyBudget } from './body-budget.js';
import { type CloudWatchLocalStats, Counters } from './counters.js';
import { Exchange } from './exchange.js';
import { FaultInjector } from './faults.js';
import { SUPPORTED_OPERATIONS } from './operations/index.js';
import type { RequestLogEntry, ResolvedOptions } from './options.js';
import { MetricStore } from './store.js';
import { appIdFromUserAgent } from './user-agent.js';

export class Service {
  readonly store: MetricStore;
  readonly counters = new Counters(SUPPORTED_OPERATIONS);
  readonly faults: FaultInjector;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  readonly bodies: BodyBudget;
  stopped = false;

  constructor(readonly options: ResolvedOptions) {
    this.store = new MetricStore({
      maxMetrics: options.maxMetrics,
      maxStoredValues: options.maxStoredValues,
    });
    this.faults = new FaultInjector(options.faultRate, options.faultSeed, options.faultKinds);
    this.bodies = new BodyBudget(options.maxBodyBytes);
  }

  stats(): CloudWatchLocalStats {
    return this.counters.snapshot(this.store.metricCount, this.store.storedValues);
  }

  reset(): void {
    this.store.reset();
    this.counters.reset();
    this.faults.reset();
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
    res.on('close', () => {
      exchange.releaseBody();
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
