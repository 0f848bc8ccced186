/**
 * When a buffer flushes: on the period boundary (so a flush follows the end of a CloudWatch period) plus a
 * per-instance offset drawn once at random (so a fleet started together does not flush in the same second).
 */

/** The first time after `after` that is a period boundary plus `offsetMs` (0 <= offsetMs < periodMs). */
export function nextAlignedTime(after: number, periodMs: number, offsetMs: number): number {
  const candidate = Math.floor(after / periodMs) * periodMs + offsetMs;
  return candidate > after ? candidate : candidate + periodMs;
}

/**
 * Calls `onTick` once per period at the aligned time. Timers are unref()ed: a pending flush never keeps a
 * process alive on its own (shutdown hooks flush what is left).
 */
export class AlignedTimer {
  private timer: NodeJS.Timeout | undefined;
  /** The time the last tick was aimed at: the next one is always a later period, even if a timer fires early. */
  private lastTarget = Number.NEGATIVE_INFINITY;

  constructor(
    readonly periodMs: number,
    readonly offsetMs: number,
    private readonly clock: () => number,
    private readonly onTick: () => void,
  ) {}

  get running(): boolean {
    return this.timer !== undefined;
  }

  start(): void {
    if (this.timer === undefined) this.schedule();
  }

  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    const now = this.clock();
    const target = nextAlignedTime(Math.max(now, this.lastTarget), this.periodMs, this.offsetMs);
    this.lastTarget = target;
    this.timer = setTimeout(() => {
      this.schedule();
      this.onTick();
    }, target - now);
    this.timer.unref();
  }
}
