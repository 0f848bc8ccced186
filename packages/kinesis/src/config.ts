/**
 * Handler configuration from the environment, checked once at cold start. A mistake here would make every
 * PutMetricData fail, so it stops the function with one clear error listing every problem.
 */
import {
  DEFAULT_MAX_ATTEMPTS,
  DEFAULT_PUBLISH_CONCURRENCY,
  type MetricDefinition,
  type Unit,
} from '@cwagg/core';
import {
  dimensionsProblem,
  metricNameProblem,
  namespaceProblem,
  relativeErrorProblem,
  storageResolutionProblem,
  unitProblem,
} from '@cwagg/core/limits';
import type { CompiledDirective } from '@cwagg/core/mapping';
import { type MetricsReader, readMappingSettings } from './config-mapping.js';

export type HandlerKind = 'single' | 'aggregated';

/** The original sample's names, kept so its dashboards keep working. */
export const DEFAULT_NAMESPACE = 'PutMetricDataExample';
export const DEFAULT_METRIC_NAME = 'PutMetricDataExample';
export const TYPE_DIMENSION = 'Type';
export const TYPE_BY_KIND: Readonly<Record<HandlerKind, string>> = {
  single: 'PutMetricDataSingleValue',
  aggregated: 'PutMetricDataValuesAndCounts',
};
/** Metrics the handlers publish about themselves, inside requests they already send. */
export const CALLS_METRIC_NAME = 'PutMetricDataCalls';
export const INVALID_RECORDS_METRIC_NAME = 'InvalidRecords';
/** With a mapping: values of readable records that were not published, by `Reason`. */
export const INVALID_VALUES_METRIC_NAME = 'InvalidValues';
export const REASON_DIMENSION = 'Reason';
/** With a mapping: values published under a dimension's overflow value, by the folded `Dimension`. */
export const FOLDED_VALUES_METRIC_NAME = 'FoldedValues';
export const FOLDED_DIMENSION = 'Dimension';

/**
 * An attempt unanswered for this long is abandoned and retried. 10 s: a healthy PutMetricData answers in
 * tens of milliseconds; five stalled attempts take about 52 s with the SDK's back-off, and the invocation's
 * own deadline (see RESPONSE_MARGIN_MS) cuts them short before the function times out.
 */
export const DEFAULT_REQUEST_TIMEOUT_MS = 10_000;
export const MIN_REQUEST_TIMEOUT_MS = 100;
export const MAX_REQUEST_TIMEOUT_MS = 120_000;

const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface HandlerConfig {
  kind: HandlerKind;
  namespace: string;
  /** The value metric, with the `Type` dimension and any extra DIMENSIONS. */
  metric: MetricDefinition & { dimensions: Readonly<Record<string, string>> };
  /** Dotted path of the value in a JSON payload, split; absent: the payload is a decimal number as text. */
  valueField?: string[];
  /**
   * METRICS: records are JSON events read with this directive (its namespace is `namespace`); `metric` then
   * only lends its dimensions (Type, DIMENSIONS) to the handler's own metrics.
   */
  mapping?: CompiledDirective;
  /** RECORD_DIRECTIVE_NAMESPACES: records that carry their own directive are read by it, in these namespaces. */
  recordDirectiveNamespaces?: ReadonlySet<string>;
  /** Aggregated handler only: bounded-error mode. */
  maxRelativeError?: number;
  /** A CloudWatch endpoint other than AWS's, e.g. @cwagg/cloudwatch-local. */
  cloudwatchEndpoint?: string;
  /** Attempts per PutMetricData, retries included (the SDK's standard retry mode). */
  maxAttempts: number;
  /** An attempt that has not been answered in this long is abandoned (and retried while attempts are left). */
  requestTimeoutMs: number;
  /** Requests in flight at once (the single handler). */
  publishConcurrency: number;
  logLevel: LogLevel;
}

export class HandlerConfigError extends Error {
  override name = 'HandlerConfigError';
}

/** The process environment, or any map of the same settings. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** Whole numbers are decimal digits: `Number()` would also read "0x3C", "1e1" or " 5 " and hide a typo. */
const DECIMAL_DIGITS = /^\d+$/;
/** Decimal numbers as people write them ("0.01", "1e-3"); no hexadecimal, no "Infinity", no blanks. */
const DECIMAL_NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

function integerIn(
  env: Environment,
  name: string,
  min: number,
  max: number,
  fallback: number,
  problems: string[],
) {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = DECIMAL_DIGITS.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value) || value < min || value > max) {
    problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`);
    return fallback;
  }
  return value;
}

/**
 * The checked configuration, or one HandlerConfigError listing every problem. `readMetrics` reads METRICS:
 * the callers (load-config.ts, lambda-config.ts) import it at once, or only when METRICS is set.
 */
export function readHandlerConfig(
  kind: HandlerKind,
  env: Environment,
  readMetrics: MetricsReader | undefined,
): HandlerConfig {
  const problems: string[] = [];
  const check = (name: string, problem: string | undefined) => {
    if (problem !== undefined) problems.push(`${name}: ${problem}`);
  };

  const namespace = env.NAMESPACE || DEFAULT_NAMESPACE;
  check('NAMESPACE', namespaceProblem(namespace));
  const metricName = env.METRIC_NAME || DEFAULT_METRIC_NAME;
  check('METRIC_NAME', metricNameProblem(metricName));
  const unit = (env.UNIT || 'None') as Unit;
  check('UNIT', unitProblem(unit));
  const storageResolution = env.STORAGE_RESOLUTION
    ? DECIMAL_DIGITS.test(env.STORAGE_RESOLUTION)
      ? Number(env.STORAGE_RESOLUTION)
      : env.STORAGE_RESOLUTION
    : 60;
  check('STORAGE_RESOLUTION', storageResolutionProblem(storageResolution));

  let extra: Record<string, string> = {};
  if (env.DIMENSIONS) {
    try {
      const parsed: unknown = JSON.parse(env.DIMENSIONS);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        problems.push('DIMENSIONS must be a JSON object of dimension names to string values');
      } else {
        extra = parsed as Record<string, string>;
      }
    } catch {
      problems.push(`DIMENSIONS is not valid JSON: ${env.DIMENSIONS}`);
    }
  }
  if (Object.hasOwn(extra, TYPE_DIMENSION)) {
    problems.push(
      `DIMENSIONS must not set "${TYPE_DIMENSION}": the handler sets it to tell the handlers apart`,
    );
  }
  const dimensions = { ...extra, [TYPE_DIMENSION]: TYPE_BY_KIND[kind] };
  check('DIMENSIONS', dimensionsProblem(dimensions));

  let valueField: string[] | undefined;
  if (env.VALUE_FIELD) {
    valueField = env.VALUE_FIELD.split('.');
    if (valueField.some((part) => part === ''))
      problems.push(`VALUE_FIELD "${env.VALUE_FIELD}" has an empty part`);
  }

  let maxRelativeError: number | undefined;
  if (env.MAX_RELATIVE_ERROR) {
    const raw = env.MAX_RELATIVE_ERROR;
    maxRelativeError = Number(raw);
    if (kind !== 'aggregated') {
      problems.push('MAX_RELATIVE_ERROR applies to the aggregated handler only');
    } else if (!DECIMAL_NUMBER.test(raw)) {
      problems.push(`MAX_RELATIVE_ERROR must be a decimal number such as 0.01 (got "${raw}")`);
    } else {
      check('MAX_RELATIVE_ERROR', relativeErrorProblem(maxRelativeError));
    }
  }

  let cloudwatchEndpoint: string | undefined;
  if (env.CLOUDWATCH_ENDPOINT) {
    cloudwatchEndpoint = env.CLOUDWATCH_ENDPOINT;
    if (!URL.canParse(cloudwatchEndpoint) || !/^https?:$/.test(new URL(cloudwatchEndpoint).protocol)) {
      problems.push(`CLOUDWATCH_ENDPOINT must be an http(s) URL (got "${cloudwatchEndpoint}")`);
    }
  }

  const maxAttempts = integerIn(env, 'MAX_ATTEMPTS', 1, 20, DEFAULT_MAX_ATTEMPTS, problems);
  const requestTimeoutMs = integerIn(
    env,
    'REQUEST_TIMEOUT_MS',
    MIN_REQUEST_TIMEOUT_MS,
    MAX_REQUEST_TIMEOUT_MS,
    DEFAULT_REQUEST_TIMEOUT_MS,
    problems,
  );
  const publishConcurrency = integerIn(
    env,
    'PUBLISH_CONCURRENCY',
    1,
    500,
    DEFAULT_PUBLISH_CONCURRENCY,
    problems,
  );
  const logLevel = (env.LOG_LEVEL || 'info').toLowerCase() as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`);
  const { mapping, recordDirectiveNamespaces } = readMappingSettings(
    env,
    namespace,
    dimensions,
    problems,
    readMetrics,
  );

  if (problems.length > 0) {
    throw new HandlerConfigError(`Invalid ${kind} handler configuration:\n- ${problems.join('\n- ')}`);
  }
  const metric: HandlerConfig['metric'] = {
    name: metricName,
    unit,
    dimensions,
    storageResolution: storageResolution as 1 | 60,
  };
  const config: HandlerConfig = {
    kind,
    // The mapping's namespace is the handler's: its own metrics ride in the same requests.
    namespace: mapping?.namespace ?? namespace,
    metric,
    maxAttempts,
    requestTimeoutMs,
    publishConcurrency,
    logLevel,
  };
  if (valueField !== undefined) config.valueField = valueField;
  if (mapping !== undefined) config.mapping = mapping;
  if (recordDirectiveNamespaces !== undefined && recordDirectiveNamespaces.size > 0) {
    config.recordDirectiveNamespaces = recordDirectiveNamespaces;
  }
  if (maxRelativeError !== undefined) config.maxRelativeError = maxRelativeError;
  if (cloudwatchEndpoint !== undefined) config.cloudwatchEndpoint = cloudwatchEndpoint;
  return config;
}

/**
 * Every namespace the handler may publish in: its own (or its mapping's) and those records may carry their own
 * directive for. The IAM policy of a deployed function allows these and no other.
 */
export function writableNamespaces(config: HandlerConfig): string[] {
  return [...new Set([config.namespace, ...(config.recordDirectiveNamespaces ?? [])])];
}
