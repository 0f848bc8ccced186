/** The flags of cwagg-cloudwatch-local and its --help, in the shared convention of @cwagg/cli. */
import {
  describeExitCodes,
  type FlagTable,
  formatBytes,
  formatHelp,
  formatNumber,
  parseFlags,
  UsageError,
} from '@cwagg/cli';
import { FAULT_KINDS } from './faults.js';
import {
  type CloudWatchLocalOptions,
  DEFAULT_FAULT_SEED,
  DEFAULT_HEADERS_TIMEOUT_MS,
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_CONNECTIONS,
  DEFAULT_MAX_METRICS,
  DEFAULT_MAX_STORE_BYTES,
  DEFAULT_MAX_STORED_VALUES,
  DEFAULT_REQUEST_TIMEOUT_MS,
  DEFAULT_SLOW_RESPONSE_MS,
  MAX_FAULT_SEED,
  MAX_PORT,
  MAX_SLOW_RESPONSE_MS,
  MAX_TIMEOUT_MS,
  resolveOptions,
} from './options.js';
import { isLoopbackHost } from './request-origin.js';

export const CLI_NAME = 'cwagg-cloudwatch-local';

/** The CLI's port (the API's default is an ephemeral port). */
export const DEFAULT_CLI_PORT = 4582;

export const FLAGS = {
  port: {
    type: 'integer',
    min: 0,
    max: MAX_PORT,
    default: DEFAULT_CLI_PORT,
    grouping: false,
    description: 'TCP port; 0 picks a free one',
  },
  host: {
    type: 'string',
    value: 'H',
    default: DEFAULT_HOST,
    description: 'interface to listen on; beyond loopback only with --allow-remote',
  },
  'allow-remote': {
    type: 'boolean',
    description:
      'let --host be beyond loopback (no authentication: anyone who reaches it can write and reset)',
  },
  'allowed-hosts': {
    type: 'string',
    value: 'LIST',
    description: "comma-separated Host names to serve besides loopback ones ('*': any)",
  },
  'allowed-origins': {
    type: 'string',
    value: 'LIST',
    description: "comma-separated web origins to serve, e.g. http://localhost:3000 ('*': any)",
  },
  'fault-rate': {
    type: 'number',
    value: 'P',
    min: 0,
    max: 1,
    defaultHelp: '0',
    description: 'share of PutMetricData requests that get a fault',
  },
  'fault-seed': {
    type: 'integer',
    min: 0,
    max: MAX_FAULT_SEED,
    grouping: false,
    defaultHelp: String(DEFAULT_FAULT_SEED),
    description: 'seed of the fault sequence, in arrival order',
  },
  'fault-kinds': {
    type: 'list',
    choices: FAULT_KINDS,
    defaultHelp: 'all',
    description: 'faults to choose from',
  },
  'slow-ms': {
    type: 'integer',
    min: 0,
    max: MAX_SLOW_RESPONSE_MS,
    defaultHelp: formatNumber(DEFAULT_SLOW_RESPONSE_MS),
    description: "delay of a 'slow' fault in milliseconds",
  },
  'max-metrics': {
    type: 'integer',
    min: 1,
    defaultHelp: formatNumber(DEFAULT_MAX_METRICS),
    description: 'distinct metrics kept before PutMetricData is refused',
  },
  'max-stored-values': {
    type: 'integer',
    min: 1,
    defaultHelp: formatNumber(DEFAULT_MAX_STORED_VALUES),
    description: 'distinct stored values kept before PutMetricData is refused',
  },
  'max-body-bytes': {
    type: 'integer',
    min: 1,
    defaultHelp: `${formatNumber(DEFAULT_MAX_BODY_BYTES)}, ${formatBytes(DEFAULT_MAX_BODY_BYTES)}`,
    description: 'request body cap, on the wire and inflated',
  },
  'max-store-bytes': {
    type: 'integer',
    min: 1,
    defaultHelp: `${formatNumber(DEFAULT_MAX_STORE_BYTES)}, ${formatBytes(DEFAULT_MAX_STORE_BYTES)}`,
    description: 'estimated memory of stored metrics before PutMetricData is refused',
  },
  'max-connections': {
    type: 'integer',
    min: 1,
    defaultHelp: formatNumber(DEFAULT_MAX_CONNECTIONS),
    description: 'open connections; past it the stalest makes room',
  },
  'headers-timeout-ms': {
    type: 'integer',
    min: 100,
    max: MAX_TIMEOUT_MS,
    defaultHelp: formatNumber(DEFAULT_HEADERS_TIMEOUT_MS),
    description: "a request's headers must arrive within this",
  },
  'request-timeout-ms': {
    type: 'integer',
    min: 100,
    max: MAX_TIMEOUT_MS,
    defaultHelp: formatNumber(DEFAULT_REQUEST_TIMEOUT_MS),
    description: 'a whole request must arrive within this',
  },
  'allow-aws-namespaces': {
    type: 'boolean',
    description: 'let PutMetricData write AWS/ namespaces, to stand in for AWS services in tests',
  },
  log: { type: 'boolean', description: 'print one line per request to stderr' },
} as const satisfies FlagTable;

export const HELP = formatHelp({
  usage: `Usage: ${CLI_NAME} [flags]`,
  intro: `A local Amazon CloudWatch metrics endpoint (AWS JSON 1.0, RPC v2 CBOR and Query) for development and tests.
Serves PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics; counters at GET /_cwagg/stats.`,
  flags: FLAGS,
  notes: `Prints its endpoint on stdout, then serves until Ctrl-C or SIGTERM.
${describeExitCodes({ ok: 'stopped by Ctrl-C or SIGTERM', failed: 'could not start (e.g. the port is taken)', interrupted: undefined })}`,
  sections: {
    Example: `  ${CLI_NAME} --port 4582 --fault-rate 0.1 --fault-kinds throttle,error
  # then: new CloudWatchClient({ endpoint: 'http://127.0.0.1:4582', region: 'us-east-1', credentials: ... })`,
  },
});

export type CliCommand = { help: true } | { help: false; options: CloudWatchLocalOptions; log: boolean };

export function parseCliArgs(argv: readonly string[]): CliCommand {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) return { help: true };
  const { values } = parsed;
  if (!values.allowRemote && !isLoopbackHost(values.host)) {
    throw new UsageError(
      `--host ${values.host} listens beyond loopback, where anyone who can reach this machine could write to and ` +
        'reset the endpoint (it has no authentication): add --allow-remote to do it anyway',
    );
  }
  const list = (text: string | undefined) =>
    text === undefined
      ? undefined
      : text
          .split(',')
          .map((item) => item.trim())
          .filter(Boolean);
  const options: CloudWatchLocalOptions = {
    port: values.port,
    host: values.host,
    allowRemote: values.allowRemote || undefined,
    allowAwsNamespaces: values.allowAwsNamespaces || undefined,
    allowedHosts: list(values.allowedHosts),
    allowedOrigins: list(values.allowedOrigins),
    faultRate: values.faultRate,
    faultSeed: values.faultSeed,
    faultKinds: values.faultKinds,
    slowResponseMs: values.slowMs,
    maxMetrics: values.maxMetrics,
    maxStoredValues: values.maxStoredValues,
    maxBodyBytes: values.maxBodyBytes,
    maxStoreBytes: values.maxStoreBytes,
    maxConnections: values.maxConnections,
    headersTimeoutMs: values.headersTimeoutMs,
    requestTimeoutMs: values.requestTimeoutMs,
  };
  for (const key of Object.keys(options) as Array<keyof CloudWatchLocalOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  try {
    resolveOptions(options); // the API's own checks, as a backstop for anything the table does not say
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { help: false, options, log: values.log };
}
