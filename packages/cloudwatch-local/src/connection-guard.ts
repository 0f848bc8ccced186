/**
 * A cap on open connections, so that thousands of slow or idle sockets cannot hold unbounded memory (each
 * one holding a 16 KB header half-sent costs about 33 KB). When a connection arrives past the cap, the
 * stalest open one makes room for it: a connection with no request under way (idle between keep-alive
 * requests, or still sending its headers) or a request whose body is still arriving, that has been so for
 * longer than STALLED_AFTER_MS, the longest-stalled first. A client on this machine sends a request in
 * milliseconds, so a real client is never the stalest while a slow one is open. Only when every open
 * connection is busy is the new one closed.
 */
import type { Socket } from 'node:net';
import { STALLED_AFTER_MS } from './body-budget.js';

interface Tracked {
  /** When the connection last had no request under way (opened, or its last answer finished). */
  idleSince: number | undefined;
  /** Since when a request's body has been arriving, when it is. */
  bodySince: number | undefined;
}

export interface ConnectionCounters {
  open: number;
  /** Connections closed to make room for a new one, having stalled for longer than 2 s. */
  evicted: number;
  /** New connections closed at once because every open one was busy. */
  refused: number;
}

export class ConnectionGuard {
  private readonly tracked = new Map<Socket, Tracked>();
  private evicted = 0;
  private refused = 0;

  constructor(private readonly maxConnections: number) {}

  /** Zeroes the eviction counters (the open connections stay). */
  resetCounters(): void {
    this.evicted = 0;
    this.refused = 0;
  }

  counters(): ConnectionCounters {
    return { open: this.tracked.size, evicted: this.evicted, refused: this.refused };
  }

  /** A new connection: tracked until it closes; past the cap the stalest one (or this one) is closed. */
  admit(socket: Socket, now = performance.now()): void {
    if (this.tracked.size >= this.maxConnections) {
      const stalest = this.stalest(now);
      if (!stalest) {
        this.refused++;
        socket.destroy();
        return;
      }
      this.evicted++;
      this.forget(stalest);
      stalest.destroy();
    }
    this.tracked.set(socket, { idleSince: now, bodySince: undefined });
    socket.once('close', () => this.forget(socket));
  }

  /** Its headers arrived: a request is under way. */
  requestStarted(socket: Socket): void {
    const tracked = this.tracked.get(socket);
    if (tracked) tracked.idleSince = undefined;
  }

  bodyArriving(socket: Socket, now = performance.now()): void {
    const tracked = this.tracked.get(socket);
    if (tracked) tracked.bodySince = now;
  }

  bodyArrived(socket: Socket): void {
    const tracked = this.tracked.get(socket);
    if (tracked) tracked.bodySince = undefined;
  }

  /** Its answer finished: idle until the next request's headers arrive. */
  requestFinished(socket: Socket, now = performance.now()): void {
    const tracked = this.tracked.get(socket);
    if (!tracked) return;
    tracked.idleSince = now;
    tracked.bodySince = undefined;
  }

  private forget(socket: Socket): void {
    this.tracked.delete(socket);
  }

  private stalest(now: number): Socket | undefined {
    let stalest: Socket | undefined;
    let stalestSince = now - STALLED_AFTER_MS;
    for (const [socket, { idleSince, bodySince }] of this.tracked) {
      const since = idleSince ?? bodySince;
      if (since !== undefined && since <= stalestSince) {
        stalest = socket;
        stalestSince = since;
      }
    }
    return stalest;
  }
}
