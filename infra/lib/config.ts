import { MAX_METRIC_NAME_LENGTH, MAX_NAMESPACE_LENGTH, RESERVED_NAMESPACE_PREFIX } from '@cwagg/core';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import {
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_LAMBDA_MEMORY_MB,
  MAX_LAMBDA_TIMEOUT_SECONDS,
  MAX_PARALLELIZATION_FACTOR,
  MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  MAX_STREAM_RETENTION_HOURS,
  MIN_BATCH_SIZE,
  MIN_LAMBDA_MEMORY_MB,
  MIN_PARALLELIZATION_FACTOR,
  MIN_RECORD_AGE_SECONDS,
  MIN_STREAM_RETENTION_HOURS,
} from './limits.js';

/** Every deployment parameter, after validation. Set each one with `cdk ... -c <key>=<value>`. */
export interface InfraConfig {
  /** Provisioned shards of the Kinesis stream. */
  readonly shardCount: number;
  /** How long the stream keeps records. */
  readonly retentionHours: number;
  /** Records per Lambda invocation, at most. */
  readonly batchSize: number;
  /** How long Lambda gathers records before invoking, at most. */
  readonly batchingWindowSeconds: number;
  /** Batches processed concurrently per shard. */
  readonly parallelizationFactor: number;
  /** Retries of a failing batch before its records go to the failure queue. */
  readonly retryAttempts: number;
  /** Records older than this are not retried but sent to the failure queue. */
  readonly maxRecordAgeSeconds: number;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Retention of the functions' log groups. */
  readonly logRetentionDays: number;
  /** CloudWatch namespace the functions publish to; their IAM policy allows this one only. */
  readonly namespace: string;
  /** Name of the metric the functions publish the record values under. */
  readonly metricName: string;
  /** The iterator-age alarm fires when a function lags this far behind the stream. */
  readonly iteratorAgeAlarmSeconds: number;
}

/** Thrown when a context parameter is malformed or out of range; the message lists every problem. */
export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid deployment parameters:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

interface IntegerParameter {
  readonly kind: 'integer';
  readonly default: number;
  readonly min: number;
  readonly max: number;
  /** Only these values, when the service accepts a fixed set (log retention). */
  readonly allowed?: readonly number[];
  readonly description: string;
}

interface StringParameter {
  readonly kind: 'string';
  readonly default: string;
  readonly check: (value: string) => string | undefined;
  readonly description: string;
}

type Parameter = IntegerParameter | StringParameter;

// The retention periods CloudWatch Logs accepts, minus "never expire": every log group here expires.
const LOG_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays)
  .filter((days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE)
  .sort((a, b) => a - b);

function namespaceProblem(namespace: string): string | undefined {
  if (namespace.length < 1 || namespace.length > MAX_NAMESPACE_LENGTH) {
    return `must be 1..${MAX_NAMESPACE_LENGTH} characters`;
  }
  // CloudWatch accepts printable ASCII only.
  if (!/^[\x20-\x7e]+$/.test(namespace)) return 'must contain only printable ASCII characters';
  if (namespace.trim() === '') return 'must contain a non-whitespace character';
  if (namespace.startsWith(':')) return "must not start with ':'";
  if (namespace.startsWith(RESERVED_NAMESPACE_PREFIX)) {
    return `must not start with "${RESERVED_NAMESPACE_PREFIX}" (reserved for AWS services)`;
  }
  return undefined;
}

function metricNameProblem(name: string): string | undefined {
  if (name.length < 1 || name.length > MAX_METRIC_NAME_LENGTH) {
    return `must be 1..${MAX_METRIC_NAME_LENGTH} characters`;
  }
  if (!/^[\x20-\x7e]+$/.test(name)) return 'must contain only printable ASCII characters';
  return undefined;
}

/** The parameters, their defaults and ranges: the README's parameter table mirrors this. */
export const PARAMETERS: Readonly<Record<keyof InfraConfig, Parameter>> = {
  shardCount: {
    kind: 'integer',
    default: 1,
    min: 1,
    // The real ceiling is the account's shard quota, which CloudFormation enforces at deploy time.
    max: Number.MAX_SAFE_INTEGER,
    description: 'provisioned shards of the stream (1 shard takes 1,000 records/s)',
  },
  retentionHours: {
    kind: 'integer',
    default: MIN_STREAM_RETENTION_HOURS,
    min: MIN_STREAM_RETENTION_HOURS,
    max: MAX_STREAM_RETENTION_HOURS,
    description: 'how long the stream keeps records',
  },
  batchSize: {
    kind: 'integer',
    // The original sample's batch size, kept so the two functions compare like for like.
    default: 150,
    min: MIN_BATCH_SIZE,
    max: MAX_BATCH_SIZE,
    description: 'records per invocation, at most',
  },
  batchingWindowSeconds: {
    kind: 'integer',
    default: 1,
    min: 0,
    max: MAX_BATCHING_WINDOW_SECONDS,
    description: 'how long Lambda gathers records before invoking, at most',
  },
  parallelizationFactor: {
    kind: 'integer',
    default: MIN_PARALLELIZATION_FACTOR,
    min: MIN_PARALLELIZATION_FACTOR,
    max: MAX_PARALLELIZATION_FACTOR,
    description: 'batches processed concurrently per shard',
  },
  retryAttempts: {
    kind: 'integer',
    default: 3,
    min: 0,
    max: MAX_RETRY_ATTEMPTS,
    description: 'retries of a failing batch before its records go to the failure queue (bounded)',
  },
  maxRecordAgeSeconds: {
    kind: 'integer',
    default: 3600,
    min: MIN_RECORD_AGE_SECONDS,
    max: MAX_RECORD_AGE_SECONDS,
    description: 'older records go to the failure queue instead of being retried (bounded)',
  },
  memoryMb: {
    kind: 'integer',
    default: 256,
    min: MIN_LAMBDA_MEMORY_MB,
    max: MAX_LAMBDA_MEMORY_MB,
    description: 'memory of each function',
  },
  timeoutSeconds: {
    kind: 'integer',
    default: 60,
    min: 1,
    max: MAX_LAMBDA_TIMEOUT_SECONDS,
    description: 'timeout of each function (the single-value one makes one call per record)',
  },
  logRetentionDays: {
    kind: 'integer',
    default: RetentionDays.TWO_WEEKS,
    min: LOG_RETENTION_DAYS[0] ?? 1,
    max: LOG_RETENTION_DAYS.at(-1) ?? 1,
    allowed: LOG_RETENTION_DAYS,
    description: 'retention of the functions’ log groups',
  },
  namespace: {
    kind: 'string',
    default: 'PutMetricDataExample',
    check: namespaceProblem,
    description: 'CloudWatch namespace; the functions may publish to this one only',
  },
  metricName: {
    kind: 'string',
    default: 'PutMetricDataExample',
    check: metricNameProblem,
    description: 'metric the record values are published under',
  },
  iteratorAgeAlarmSeconds: {
    kind: 'integer',
    default: 300,
    min: 1,
    max: MAX_RECORD_AGE_SECONDS,
    description: 'the iterator-age alarm fires when a function lags this far behind',
  },
};

export const PARAMETER_KEYS = Object.keys(PARAMETERS) as (keyof InfraConfig)[];

export const DEFAULT_CONFIG: InfraConfig = Object.fromEntries(
  PARAMETER_KEYS.map((key) => [key, PARAMETERS[key].default]),
) as unknown as InfraConfig;

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function parseInteger(key: string, parameter: IntegerParameter, raw: unknown): number | string {
  // `-c key=value` delivers strings; cdk.json and tests may deliver numbers.
  const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : undefined;
  const range =
    parameter.max === Number.MAX_SAFE_INTEGER
      ? `an integer of at least ${parameter.min}`
      : `an integer from ${parameter.min} to ${parameter.max}`;
  if (text === undefined || !/^-?\d+$/.test(text)) {
    return `${key} must be ${range} (got ${describe(raw)})`;
  }
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < parameter.min || value > parameter.max) {
    return `${key} must be ${range} (got ${describe(raw)})`;
  }
  if (parameter.allowed && !parameter.allowed.includes(value)) {
    return `${key} must be one of ${parameter.allowed.join(', ')} (got ${describe(raw)})`;
  }
  return value;
}

/**
 * Reads and validates every parameter from CDK context (`-c key=value`, cdk.json or `new App({ context })`).
 * Missing keys take their defaults. A key that differs from a parameter only in case is refused, so a typo
 * cannot silently deploy the default.
 *
 * @param context every context value of the app, e.g. `app.node.getAllContext()`
 * @throws InfraConfigError listing every bad value
 */
export function readConfig(context: Readonly<Record<string, unknown>>): InfraConfig {
  const problems: string[] = [];
  const config: Record<string, number | string> = {};
  const known = new Map(PARAMETER_KEYS.map((key) => [key.toLowerCase(), key]));
  for (const key of Object.keys(context)) {
    const match = known.get(key.toLowerCase());
    if (match !== undefined && match !== key)
      problems.push(`unknown parameter ${key}: did you mean ${match}?`);
  }
  for (const key of PARAMETER_KEYS) {
    const parameter = PARAMETERS[key];
    const raw = context[key];
    if (raw === undefined) {
      config[key] = parameter.default;
      continue;
    }
    if (parameter.kind === 'integer') {
      const parsed = parseInteger(key, parameter, raw);
      if (typeof parsed === 'string') problems.push(parsed);
      else config[key] = parsed;
    } else {
      const problem =
        typeof raw === 'string' ? parameter.check(raw) : `must be a string (got ${describe(raw)})`;
      if (problem) problems.push(`${key} ${problem} (got ${describe(raw)})`);
      else config[key] = raw as string;
    }
  }
  if (problems.length > 0) throw new InfraConfigError(problems);
  return config as unknown as InfraConfig;
}
