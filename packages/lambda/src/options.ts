/**
 * The wrappers' options, checked once when a handler is wrapped (at cold start), so that a mistake stops the
 * function's initialisation with a message naming the option instead of failing in every invocation.
 */
import {
  Aggregator,
  CwaggConfigError,
  MetricsBuffer,
  type MetricsBufferOptions,
  type Unit,
} from '@cwagg/core';

/** Options of the cold-start metric; `true` takes every default. */
export interface ColdStartMetricOptions {
  /** Default `ColdStart`. */
  name?: string;
  /** Default `Count`. */
  unit?: Unit;
  /** Added to `FunctionName` (the function's name, from the context) and the buffer's default dimensions. */
  dimensions?: Readonly<Record<string, string>>;
}

/** What both wrappers take besides the buffer. */
export interface InvocationOptions {
  /**
   * Records 1 on the first invocation of each execution environment (a cold start), with the function's
   * name as the `FunctionName` dimension. Off by default.
   */
  coldStartMetric?: boolean | ColdStartMetricOptions;
  /**
   * Time kept back from the function's timeout (default 1,000 ms): the flush at the end of an invocation
   * gives up this long before Lambda would stop it, so the handler still returns (or throws) its own answer.
   */
  responseMarginMs?: number;
}

/**
 * A MetricsBuffer's options without the flush schedule: in Lambda the wrappers flush at the end of every
 * invocation, and the buffer sets no timer (a frozen environment cannot run one).
 */
export type LambdaBufferOptions = Omit<
  MetricsBufferOptions,
  'flushIntervalMs' | 'highResolutionFlushIntervalMs' | 'flushJitterMs'
>;

/** The buffer the handler gets: created from options, or one of yours (create it with `flushIntervalMs: 0`). */
export type LambdaMetricsOptions = InvocationOptions & (LambdaBufferOptions | { metrics: MetricsBuffer });

/** Defaults of the wrappers' own options. */
export const LAMBDA_METRICS_DEFAULTS = Object.freeze({
  responseMarginMs: 1_000,
  coldStartMetricName: 'ColdStart',
  coldStartMetricUnit: 'Count' as Unit,
});

/** The options that go with a buffer given as `metrics`. */
const WRAPPER_OPTIONS = new Set(['metrics', 'coldStartMetric', 'responseMarginMs']);

/** What a wrapper is built from. */
export interface InvocationSettings {
  readonly metrics: MetricsBuffer;
  readonly coldStart: Required<ColdStartMetricOptions> | undefined;
  readonly responseMarginMs: number;
}

/** Checks `options`, creates the buffer when none is given, and fills in the defaults. */
export function resolveLambdaMetricsOptions(options: LambdaMetricsOptions): InvocationSettings {
  if (options === null || typeof options !== 'object') {
    throw new CwaggConfigError('the Lambda wrappers need options: { namespace } or { metrics }');
  }
  const responseMarginMs = options.responseMarginMs ?? LAMBDA_METRICS_DEFAULTS.responseMarginMs;
  if (!Number.isSafeInteger(responseMarginMs) || responseMarginMs < 0) {
    throw new CwaggConfigError(
      `responseMarginMs must be an integer >= 0 (got ${String(options.responseMarginMs)})`,
    );
  }
  const coldStart = resolveColdStart(options.coldStartMetric);
  return { metrics: resolveBuffer(options), coldStart, responseMarginMs };
}

function resolveBuffer(options: LambdaMetricsOptions): MetricsBuffer {
  if ('metrics' in options && options.metrics !== undefined) {
    const given = options.metrics;
    if (given === null || typeof given.record !== 'function' || typeof given.flush !== 'function') {
      throw new CwaggConfigError('`metrics` must be a MetricsBuffer from @cwagg/core');
    }
    const ignored = Object.keys(options).filter((name) => !WRAPPER_OPTIONS.has(name));
    if (ignored.length > 0) {
      throw new CwaggConfigError(
        `give either \`metrics\` or the options of a buffer to create, not both (got ${ignored.join(', ')})`,
      );
    }
    return given;
  }
  const {
    coldStartMetric: _coldStart,
    responseMarginMs: _margin,
    ...bufferOptions
  } = options as InvocationOptions & LambdaBufferOptions;
  // No timers: a frozen execution environment cannot run them, and every invocation ends with a flush.
  return new MetricsBuffer({ ...bufferOptions, flushIntervalMs: 0 });
}

function resolveColdStart(
  option: boolean | ColdStartMetricOptions | undefined,
): Required<ColdStartMetricOptions> | undefined {
  if (option === undefined || option === false) return undefined;
  if (option !== true && (option === null || typeof option !== 'object')) {
    throw new CwaggConfigError(`coldStartMetric must be true, false or an object (got ${String(option)})`);
  }
  const chosen = option === true ? {} : option;
  const metric: Required<ColdStartMetricOptions> = {
    name: chosen.name ?? LAMBDA_METRICS_DEFAULTS.coldStartMetricName,
    unit: chosen.unit ?? LAMBDA_METRICS_DEFAULTS.coldStartMetricUnit,
    dimensions: { FunctionName: 'checked-at-wrap-time', ...chosen.dimensions },
  };
  // Checked the way the buffer will check it, so that a bad name or dimension fails now, not at the first
  // invocation (where it would only be reported as rejected).
  const probe = new Aggregator({ namespace: 'ColdStartCheck' });
  if (!probe.add(metric, 1)) {
    const reason = probe.drain().rejected[0]?.reason ?? 'rejected';
    throw new CwaggConfigError(`coldStartMetric: ${reason}`);
  }
  return { ...metric, dimensions: { ...chosen.dimensions } };
}
