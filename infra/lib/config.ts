import type { Unit } from '@cwagg/core';
import { dimensionsProblem, metricNameProblem, namespaceProblem, unitProblem } from '@cwagg/core/limits';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE, TYPE_DIMENSION } from '@cwagg/kinesis';
import {
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_SECONDS,
  MAX_PARALLELIZATION_FACTOR,
  MAX_RECORD_AGE_SECONDS,
  MAX_RETRY_ATTEMPTS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_BATCH_SIZE,
  MIN_PARALLELIZATION_FACTOR,
  MIN_RECORD_AGE_SECONDS,
} from '@cwagg/local-lambda';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { environmentProblem } from './environment.js';
import {
  MAX_LAMBDA_MEMORY_MB,
  MAX_LAMBDA_TIMEOUT_SECONDS,
  MAX_STREAM_RETENTION_HOURS,
  MIN_LAMBDA_MEMORY_MB,
  MIN_STREAM_RETENTION_HOURS,
} from './limits.js';
import { readMappingParameters } from './mapping-config.js';

/** The dimension each handler adds to tell the two apart; DIMENSIONS must not set it. */
export { TYPE_DIMENSION };

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
  /**
   * Lambda's TumblingWindowInSeconds on the aggregated function's mapping: its batches are folded into a
   * state and published when the window closes. Absent: no window, one publication per batch.
   */
  readonly tumblingWindowSeconds: number | undefined;
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
  /** Unit of the published values. */
  readonly unit: Unit;
  /** Extra dimensions on every metric the functions publish, next to `Type`. */
  readonly dimensions: Readonly<Record<string, string>>;
  /** Dotted path of the value in JSON records; absent: each record is a decimal number as text. */
  readonly valueField: string | undefined;
  /** Bounded-error mode of the aggregated function (e.g. 0.01); absent: exact. */
  readonly maxRelativeError: number | undefined;
  /** The iterator-age alarm fires when a function lags this far behind the stream. */
  readonly iteratorAgeAlarmSeconds: number;
  /** The handlers' METRICS (compact JSON), from `metrics` or `metricsFile`; absent: one bare value per record. */
  readonly metrics: string | undefined;
  /** Namespaces records may carry their own directive for (RECORD_DIRECTIVE_NAMESPACES). */
  readonly recordDirectiveNamespaces: readonly string[];
}

/** Thrown when a context parameter is malformed or out of range; the message lists every problem. */
export class InfraConfigError extends Error {
  override name = 'InfraConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`Invalid deployment parameters:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/** A parameter's default, and how a raw context value becomes a value or a problem. */
interface Parameter<T> {
  readonly default: T;
  /** Returns the value, or a string saying what is wrong with the raw one (after the key). */
  readonly parse: (raw: unknown) => { value: T } | { problem: string };
}

// `-c key=value` delivers strings; cdk.json and tests may deliver numbers or objects.
function shown(raw: unknown): string {
  return typeof raw === 'string'
    ? JSON.stringify(raw)
    : typeof raw === 'object'
      ? JSON.stringify(raw)
      : String(raw);
}

function integer(
  defaultValue: number,
  min: number,
  max: number,
  allowed?: readonly number[],
): Parameter<number> {
  const range = max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `from ${min} to ${max}`;
  return {
    default: defaultValue,
    parse: (raw) => {
      const text = typeof raw === 'number' ? String(raw) : typeof raw === 'string' ? raw.trim() : '';
      const value = Number(text);
      if (!/^-?\d+$/.test(text) || !Number.isSafeInteger(value) || value < min || value > max) {
        return { problem: `must be an integer ${range} (got ${shown(raw)})` };
      }
      if (allowed && !allowed.includes(value)) {
        return { problem: `must be one of ${allowed.join(', ')} (got ${shown(raw)})` };
      }
      return { value };
    },
  };
}

function text<T extends string | undefined>(
  defaultValue: T,
  problemOf: (value: string) => string | undefined,
): Parameter<T | string> {
  return {
    default: defaultValue,
    parse: (raw) => {
      if (typeof raw !== 'string') return { problem: `must be a string (got ${shown(raw)})` };
      const problem = problemOf(raw);
      return problem === undefined ? { value: raw } : { problem };
    },
  };
}

// The retention periods CloudWatch Logs accepts, minus "never expire": every log group here expires.
const LOG_RETENTION_DAYS: readonly number[] = Object.values(RetentionDays)
  .filter((days): days is number => typeof days === 'number' && days !== RetentionDays.INFINITE)
  .sort((a, b) => a - b);

/** Extra dimensions: a JSON object of names to string values, valid for CloudWatch together with `Type`. */
const dimensionsParameter: Parameter<Readonly<Record<string, string>>> = {
  default: {},
  parse: (raw) => {
    let parsed: unknown = raw;
    if (typeof raw === 'string') {
      try {
        parsed = JSON.parse(raw);
      } catch {
        return { problem: `must be a JSON object such as {"Env":"demo"} (got ${shown(raw)})` };
      }
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      return { problem: `must be a JSON object such as {"Env":"demo"} (got ${shown(raw)})` };
    }
    const dimensions = parsed as Record<string, unknown>;
    if (Object.hasOwn(dimensions, TYPE_DIMENSION)) {
      return { problem: `must not set "${TYPE_DIMENSION}": each handler sets it to tell the two apart` };
    }
    const problem = dimensionsProblem({ ...dimensions, [TYPE_DIMENSION]: 'x' });
    return problem === undefined ? { value: dimensions as Record<string, string> } : { problem };
  },
};

const maxRelativeErrorParameter: Parameter<number | undefined> = {
  default: undefined,
  parse: (raw) => {
    const value =
      typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : NaN;
    return value > 0 && value < 1
      ? { value }
      : { problem: `must be a number between 0 and 1, e.g. 0.01 (got ${shown(raw)})` };
  },
};

/** Off unless given; given, 1..900 seconds (0 would be "off" to Lambda, a typo here: refused). */
const tumblingWindowParameter: Parameter<number | undefined> = {
  default: undefined,
  parse: (raw) => {
    const parsed = integer(1, 1, MAX_TUMBLING_WINDOW_SECONDS).parse(raw);
    return 'problem' in parsed
      ? {
          problem: `${parsed.problem}: Lambda's TumblingWindowInSeconds for the aggregated function; leave it unset for no window`,
        }
      : parsed;
  },
};

/** Every parameter with its default and validation; the README's parameter table mirrors this. */
/** Parameters read together, after the others (they depend on namespace and dimensions): lib/mapping-config.ts. */
export const MAPPING_KEYS = ['metrics', 'metricsFile', 'recordDirectiveNamespaces'] as const;
type MappingKey = 'metrics' | 'recordDirectiveNamespaces';

export const PARAMETERS: {
  readonly [K in Exclude<keyof InfraConfig, MappingKey>]: Parameter<InfraConfig[K]>;
} = {
  // The real ceiling is the account's shard quota, which CloudFormation enforces at deploy time.
  shardCount: integer(1, 1, Number.MAX_SAFE_INTEGER),
  retentionHours: integer(MIN_STREAM_RETENTION_HOURS, MIN_STREAM_RETENTION_HOURS, MAX_STREAM_RETENTION_HOURS),
  // The original sample's batch size, kept so the two functions compare like for like.
  batchSize: integer(150, MIN_BATCH_SIZE, MAX_BATCH_SIZE),
  batchingWindowSeconds: integer(1, 0, MAX_BATCHING_WINDOW_SECONDS),
  parallelizationFactor: integer(
    MIN_PARALLELIZATION_FACTOR,
    MIN_PARALLELIZATION_FACTOR,
    MAX_PARALLELIZATION_FACTOR,
  ),
  tumblingWindowSeconds: tumblingWindowParameter,
  // Bounded on purpose: -1 ("until the record expires") would let a poison record block its shard.
  retryAttempts: integer(3, 0, MAX_RETRY_ATTEMPTS),
  maxRecordAgeSeconds: integer(3600, MIN_RECORD_AGE_SECONDS, MAX_RECORD_AGE_SECONDS),
  memoryMb: integer(256, MIN_LAMBDA_MEMORY_MB, MAX_LAMBDA_MEMORY_MB),
  timeoutSeconds: integer(60, 1, MAX_LAMBDA_TIMEOUT_SECONDS),
  logRetentionDays: integer(
    RetentionDays.TWO_WEEKS,
    LOG_RETENTION_DAYS[0] ?? 1,
    LOG_RETENTION_DAYS.at(-1) ?? 1,
    LOG_RETENTION_DAYS,
  ),
  // The handlers run the same @cwagg/core checks at cold start; here they fail the synth instead.
  namespace: text(DEFAULT_NAMESPACE, namespaceProblem),
  metricName: text(DEFAULT_METRIC_NAME, metricNameProblem),
  unit: text('None', unitProblem) as Parameter<Unit>,
  dimensions: dimensionsParameter,
  valueField: text(undefined, (field) =>
    field.split('.').some((part) => part === '') ? `"${field}" has an empty part` : undefined,
  ),
  maxRelativeError: maxRelativeErrorParameter,
  iteratorAgeAlarmSeconds: integer(300, 1, MAX_RECORD_AGE_SECONDS),
};

export const PARAMETER_KEYS = Object.keys(PARAMETERS) as Exclude<keyof InfraConfig, MappingKey>[];

export const DEFAULT_CONFIG: InfraConfig = {
  ...Object.fromEntries(PARAMETER_KEYS.map((key) => [key, PARAMETERS[key].default])),
  metrics: undefined,
  recordDirectiveNamespaces: [],
} as unknown as InfraConfig;

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
  const known = new Map<string, string>(
    [...PARAMETER_KEYS, ...MAPPING_KEYS].map((key) => [key.toLowerCase(), key]),
  );
  for (const key of Object.keys(context)) {
    const match = known.get(key.toLowerCase());
    if (match !== undefined && match !== key)
      problems.push(`unknown parameter ${key}: did you mean ${match}?`);
  }
  const config: Record<string, unknown> = {};
  for (const key of PARAMETER_KEYS) {
    const parameter = PARAMETERS[key] as Parameter<unknown>;
    const raw = context[key];
    if (raw === undefined) {
      config[key] = parameter.default;
      continue;
    }
    const parsed = parameter.parse(raw);
    if ('problem' in parsed) problems.push(`${key}: ${parsed.problem}`);
    else config[key] = parsed.value;
  }
  if (problems.length === 0) {
    const mapping = readMappingParameters(
      context,
      config.namespace as string,
      config.dimensions as Record<string, string>,
      problems,
    );
    config.metrics = mapping.metrics;
    config.recordDirectiveNamespaces = mapping.recordDirectiveNamespaces;
  }
  if (problems.length === 0) {
    const problem = environmentProblem(config as unknown as InfraConfig);
    if (problem !== undefined) problems.push(problem);
  }
  if (problems.length > 0) throw new InfraConfigError(problems);
  return config as unknown as InfraConfig;
}
