/**
 * The deadline of one export or flush: a timer of the exporter's own that aborts a controller of its own.
 *
 * Not `AbortSignal.any([AbortSignal.timeout(ms), other])`: Node (20.20 here; nodejs/node#57736) holds
 * the sources of a composite signal only weakly, and the timer of `AbortSignal.timeout` only weakly too, so
 * when nothing else keeps the timeout signal alive a garbage collection before it fires takes the timer with
 * it and the composite never aborts: an export to a CloudWatch that does not answer then never returned.
 * Here the pending timer holds the controller (Node's timer list keeps the callback), and the parent signal's
 * listener is removed when the deadline ends, so nothing outlives it.
 */

export class Deadline {
  /** Aborts when `ms` have passed since construction or when `parent` aborts, whichever comes first. */
  readonly signal: AbortSignal;
  /**
   * Resolves one turn of the event loop after the deadline expires: work that honours `signal` settles within
   * the microtasks that follow the abort, so racing against this lets it report first; what is still pending
   * then ignored the abort and is abandoned.
   */
  readonly passed: Promise<void>;
  private readonly controller = new AbortController();
  private readonly timer: ReturnType<typeof setTimeout>;
  private readonly parent: AbortSignal;
  private readonly onParentAbort = () => this.expire(this.parent.reason);
  private resolvePassed!: () => void;
  private done = false;

  constructor(
    ms: number,
    parent: AbortSignal,
    private readonly what: string,
  ) {
    this.signal = this.controller.signal;
    this.passed = new Promise((resolve) => {
      this.resolvePassed = resolve;
    });
    this.parent = parent;
    this.timer = setTimeout(
      () =>
        this.expire(new DOMException(`cwagg: ${this.what} reached its deadline (${ms} ms)`, 'TimeoutError')),
      ms,
    );
    // Like AbortSignal.timeout: a deadline alone does not keep the process running (a request in flight does).
    this.timer.unref?.();
    if (parent.aborted) this.expire(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
  }

  get expired(): boolean {
    return this.controller.signal.aborted;
  }

  /** Stops the timer and lets go of the parent signal; the deadline no longer expires. Idempotent. */
  end(): void {
    if (this.done) return;
    this.done = true;
    clearTimeout(this.timer);
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  private expire(reason: unknown): void {
    if (this.done) return;
    this.end();
    this.controller.abort(reason);
    setImmediate(this.resolvePassed);
  }
}
