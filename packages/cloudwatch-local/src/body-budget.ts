/**
 * Request bodies held in memory at once, across all connections, in maximum-size bodies: each body is
 * capped, but thousands of connections each sending 1 MiB would hold gigabytes. Past this, a request is
 * answered with a Throttling error before its body is read, as CloudWatch answers a client it has no room
 * for (the SDK retries it).
 */
export const HELD_BODIES = 64;

/** Bytes reserved by requests whose bodies are being read or inflated, within HELD_BODIES bodies. */
export class BodyBudget {
  private held = 0;

  constructor(private readonly maxBodyBytes: number) {}

  get capacity(): number {
    return HELD_BODIES * this.maxBodyBytes;
  }

  /** Reserves room for a body; false when the bodies held already fill the budget. */
  reserve(bytes: number): boolean {
    if (this.held + bytes > this.capacity) return false;
    this.held += bytes;
    return true;
  }

  release(bytes: number): void {
    this.held -= bytes;
  }
}
