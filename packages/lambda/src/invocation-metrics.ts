/**
 * One invocation's metrics, the part both wrappers share: at the start, the context gets the buffer (and the
 * first invocation of an execution environment records the cold start); at the end, the buffer is flushed
 * within the time the invocation has left. The flush never throws, so it never hides the handler's own
 * result or error; what it could not send is reported through the buffer's events and kept for the next
 * invocation's flush.
 */
import type { FlushReport, MetricsBuffer } from '@cwagg/core';
import type { LambdaContext, MetricsContext } from './lambda-context.js';
import type { InvocationSettings } from './options.js';

export class InvocationMetrics {
  readonly metrics: MetricsBuffer;
  private coldStartPending: boolean;

  constructor(private readonly settings: InvocationSettings) {
    this.metrics = settings.metrics;
    this.coldStartPending = settings.coldStart !== undefined;
  }

  /** The context the handler receives: Lambda's, with `metrics`. Records the cold start once. */
  begin<TContext extends LambdaContext>(context: TContext): TContext & MetricsContext {
    const withMetrics = attach(context, this.metrics);
    const coldStart = this.settings.coldStart;
    if (this.coldStartPending && coldStart !== undefined) {
      this.coldStartPending = false;
      const functionName = context?.functionName;
      const dimensions =
        typeof functionName === 'string' && functionName !== ''
          ? { FunctionName: functionName, ...coldStart.dimensions }
          : coldStart.dimensions;
      this.metrics.record(coldStart.name, 1, { unit: coldStart.unit, dimensions });
    }
    return withMetrics;
  }

  /**
   * Flushes what the invocation recorded (and what an earlier one could not send), giving up
   * `responseMarginMs` before the invocation's deadline. Without a deadline in the context (a test, a local
   * runner) the buffer's own flushTimeoutMs bounds it.
   */
  end(context: LambdaContext | undefined): Promise<FlushReport> {
    const remaining = readRemainingTime(context);
    if (remaining === undefined) return this.metrics.flush();
    return this.metrics.flush({ timeoutMs: Math.max(0, remaining - this.settings.responseMarginMs) });
  }
}

/** Lambda's context with `metrics` added; a context that cannot take a property is extended instead. */
function attach<TContext extends LambdaContext>(
  context: TContext,
  metrics: MetricsBuffer,
): TContext & MetricsContext {
  if (context === null || typeof context !== 'object')
    return { metrics } as unknown as TContext & MetricsContext;
  if (Object.isExtensible(context)) {
    (context as { metrics?: MetricsBuffer }).metrics = metrics;
    return context as TContext & MetricsContext;
  }
  return Object.create(context, { metrics: { value: metrics, enumerable: true } });
}

function readRemainingTime(context: LambdaContext | undefined): number | undefined {
  if (typeof context?.getRemainingTimeInMillis !== 'function') return undefined;
  const remaining = context.getRemainingTimeInMillis();
  return typeof remaining === 'number' && Number.isFinite(remaining) ? remaining : undefined;
}
