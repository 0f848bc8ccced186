/**
 * The deadline of one flush: an abort signal that fires at a time on the buffer's clock. A caller who arrives
 * with less time (close(), or flush({ timeoutMs }) behind a pass already sending) brings it forward; nothing
 * ever pushes it back, so a flush never outlives the earliest deadline anyone waiting on it has.
 */
export class Deadline {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;

  /** `at` is epoch milliseconds on `clock`; Infinity for none. */
  constructor(
    private at: number,
    private readonly clock: () => number,
  ) {
    this.schedule();
  }

  /** Aborts when the deadline comes. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get expiresAt(): number {
    return this.at;
  }

  /** Brings the deadline forward to `at` when that is sooner; a later time changes nothing. */
  tighten(at: number): void {
    if (!(at < this.at) || this.controller.signal.aborted) return;
    this.at = at;
    this.dispose();
    this.schedule();
  }

  /** The work it bounded is over: stops the timer. */
  dispose(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    if (this.at === Number.POSITIVE_INFINITY) return;
    const wait = this.at - this.clock();
    if (wait <= 0) {
      this.controller.abort();
      return;
    }
    // Ref'd on purpose: a close() in progress must keep the process up until it is done. The timer never
    // outlives its pass: dispose() runs when the pass ends.
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.controller.abort();
    }, wait);
  }
}
