/**
 * Request bodies held in memory at once, across all connections, in maximum-size bodies: each body is
 * capped, but thousands of connections each sending 1 MiB would hold gigabytes. When the room is full, a
 * body that has been arriving for longer than STALLED_AFTER_MS is given up on to make room (a client on
 * this machine sends 1 MiB in milliseconds: one still sending after seconds is stalled or hostile, and 64
 * of them must not lock everyone else out). When no body is that slow, the new request is answered with a
 * Throttling error before its body is read, as CloudWatch answers a client it has no room for (the SDK
 * retries it).
 */
export const HELD_BODIES = 64;

/** A body arriving for longer than this, or a connection idle for longer, may be closed to make room. */
export const STALLED_AFTER_MS = 2_000;

/** One request whose body is being read or inflated. */
export interface BodyHolder {
  /** Ends the request (408 and the connection closed), releasing its room. */
  abandon(): void;
}

interface Reservation {
  bytes: number;
  since: number;
}

export class BodyBudget {
  private held = 0;
  private readonly holders = new Map<BodyHolder, Reservation>();
  /** Bodies given up on to make room for others. */
  abandoned = 0;

  constructor(private readonly maxBodyBytes: number) {}

  get capacity(): number {
    return HELD_BODIES * this.maxBodyBytes;
  }

  /**
   * Reserves room for a body, first giving up on stalled bodies if the room is full; false when it is
   * full of bodies that are all still arriving at a normal pace.
   */
  reserve(holder: BodyHolder, bytes: number, now = performance.now()): boolean {
    while (this.held + bytes > this.capacity) {
      const stalled = this.oldestStalled(now);
      if (!stalled) return false;
      this.release(stalled);
      this.abandoned++;
      stalled.abandon();
    }
    this.held += bytes;
    this.holders.set(holder, { bytes, since: now });
    return true;
  }

  /** The body arrived (or the request ended): it no longer counts as arriving. Its room stays reserved. */
  arrived(holder: BodyHolder): void {
    const reservation = this.holders.get(holder);
    if (reservation) reservation.since = Number.POSITIVE_INFINITY;
  }

  release(holder: BodyHolder): void {
    const reservation = this.holders.get(holder);
    if (!reservation) return;
    this.held -= reservation.bytes;
    this.holders.delete(holder);
  }

  /** Since when the holder's body has been arriving, if it still is. */
  arrivingSince(holder: BodyHolder): number | undefined {
    const since = this.holders.get(holder)?.since;
    return since === undefined || since === Number.POSITIVE_INFINITY ? undefined : since;
  }

  private oldestStalled(now: number): BodyHolder | undefined {
    let oldest: BodyHolder | undefined;
    let oldestSince = now - STALLED_AFTER_MS;
    for (const [holder, { since }] of this.holders) {
      if (since <= oldestSince) {
        oldest = holder;
        oldestSince = since;
      }
    }
    return oldest;
  }
}
