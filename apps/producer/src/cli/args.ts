/** The flags of cwagg-producer, their checks and its --help, in the shared convention of @cwagg/cli. */
import { describeExitCodes, type FlagTable, formatHelp, parseFlags, UsageError } from '@cwagg/cli';
import { DEFAULT_CONCURRENCY, DEFAULT_MAX_ATTEMPTS } from '../produce.js';
import { DEFAULT_TEMPLATE } from '../records.js';

export const CLI_NAME = 'cwagg-producer';
/** Shards for --create-stream when --shards is not given: about 4,000 records/s of capacity. */
export const DEFAULT_SHARDS = 4;
/** Records --dry-run prints when --count is not given. */
export const DEFAULT_DRY_RUN_COUNT = 10;

export interface CliOptions {
  help: boolean;
  version: boolean;
  listPlaceholders: boolean;
  dryRun: boolean;
  json: boolean;
  stream: string | undefined;
  region: string | undefined;
  endpoint: string | undefined;
  template: string;
  templateFile: string | undefined;
  partitionKey: string | undefined;
  count: number | undefined;
  durationMs: number | undefined;
  rate: number;
  seed: number | undefined;
  createStream: boolean;
  shards: number;
  concurrency: number | undefined;
  maxAttempts: number | undefined;
}

const WHERE = 'Where to send';
const WHAT = 'What to send';
const HOW = 'How much and how fast';
const OTHER = 'Other';

export const FLAGS = {
  stream: { type: 'string', value: 'NAME', group: WHERE, description: 'the Kinesis data stream' },
  region: {
    type: 'string',
    value: 'REGION',
    group: WHERE,
    defaultHelp: 'AWS_REGION or your profile; us-east-1 for a local endpoint',
    description: 'AWS region',
  },
  endpoint: {
    type: 'string',
    value: 'URL',
    group: WHERE,
    description: 'another endpoint, e.g. the local emulator http://127.0.0.1:4567',
  },
  'create-stream': {
    type: 'boolean',
    group: WHERE,
    description: 'create the stream if it does not exist and wait until it is ACTIVE',
  },
  shards: {
    type: 'integer',
    min: 1,
    default: DEFAULT_SHARDS,
    group: WHERE,
    description: 'shards for --create-stream',
  },
  template: {
    type: 'string',
    value: 'T',
    default: DEFAULT_TEMPLATE,
    group: WHAT,
    description: 'Kinesis Data Generator template',
  },
  'template-file': {
    type: 'string',
    value: 'PATH',
    group: WHAT,
    description: 'read the template from a file (line breaks are removed, as the KDG does)',
  },
  'partition-key': {
    type: 'string',
    value: 'T',
    group: WHAT,
    defaultHelp: 'a random key per record',
    description: 'partition key template',
  },
  seed: {
    type: 'integer',
    group: WHAT,
    defaultHelp: 'random, shown at the end',
    description: 'same seed, same records in the same order; any whole number, negative too',
  },
  count: { type: 'integer', min: 1, group: HOW, description: 'number of records' },
  duration: {
    type: 'duration',
    group: HOW,
    description: 'send for this long: 500ms, 30s, 5m, 1h (a bare number is seconds)',
  },
  rate: {
    type: 'number',
    value: 'R',
    min: 0,
    default: 0,
    group: HOW,
    description: 'records per second; 0 = as fast as the stream takes them',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    defaultHelp: String(DEFAULT_CONCURRENCY),
    group: HOW,
    description: 'PutRecords calls in flight',
  },
  'max-attempts': {
    type: 'integer',
    min: 1,
    defaultHelp: String(DEFAULT_MAX_ATTEMPTS),
    group: HOW,
    description: 'attempts per record before it counts as failed',
  },
  'dry-run': {
    type: 'boolean',
    group: OTHER,
    description: `print records (default ${DEFAULT_DRY_RUN_COUNT}) instead of sending; needs no AWS access`,
  },
  json: {
    type: 'boolean',
    group: OTHER,
    description:
      'stdout holds only JSON: the summary as one JSON line (the text goes to stderr); with --dry-run, one record per line',
  },
  'list-placeholders': {
    type: 'boolean',
    group: OTHER,
    description: 'list the template placeholders and what they call in @faker-js/faker',
  },
  version: { type: 'boolean', group: OTHER, description: 'print the version' },
} as const satisfies FlagTable;

export const HELP = formatHelp({
  usage: `${CLI_NAME}: send generated test data to an Amazon Kinesis data stream

Usage:
  ${CLI_NAME} --stream NAME (--count N | --duration 60s) [flags]
  ${CLI_NAME} --dry-run [--template T] [--count N]
  pnpm producer -- [flags]     (from the repository, after building what it needs)`,
  flags: FLAGS,
  notes: describeExitCodes({
    ok: 'every record accepted',
    failed: 'some records failed',
    usage: 'bad flags or template',
    unusable: 'the stream, credentials or endpoint are not usable',
  }),
  sections: {
    Examples: `  ${CLI_NAME} --endpoint http://127.0.0.1:4567 --stream demo --create-stream --count 5000 --seed 1
  ${CLI_NAME} --stream demo --region eu-west-1 --duration 5m --rate 100 \\
    --template '{"sensorId": {{random.number(50)}}, "temp": {{random.number({"min":10,"max":150})}}}'
  ${CLI_NAME} --dry-run --count 3 --template '{{name.firstName}},{{internet.ip}},{{date.now("YYYY-MM-DD")}}'`,
  },
});

export function parseCliArgs(argv: readonly string[]): CliOptions {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) return { ...defaults(), help: true };
  const { values, given } = parsed;
  const options: CliOptions = {
    help: false,
    version: values.version,
    listPlaceholders: values.listPlaceholders,
    dryRun: values.dryRun,
    json: values.json,
    stream: values.stream,
    region: values.region,
    endpoint: values.endpoint,
    template: values.template,
    templateFile: values.templateFile,
    partitionKey: values.partitionKey,
    count: values.count,
    durationMs: values.duration,
    rate: values.rate,
    seed: values.seed,
    createStream: values.createStream,
    shards: values.shards,
    concurrency: values.concurrency,
    maxAttempts: values.maxAttempts,
  };
  if (given.has('template') && given.has('templateFile')) {
    throw new UsageError('give --template or --template-file, not both');
  }
  if (given.has('shards') && !options.createStream) {
    throw new UsageError('--shards only applies with --create-stream');
  }
  if (options.version || options.listPlaceholders || options.dryRun) return options;
  if (!options.stream) throw new UsageError('--stream is required (or use --dry-run to only print records)');
  if (options.count === undefined && options.durationMs === undefined) {
    throw new UsageError('say how much to send: --count N or --duration 60s (or both: whichever ends first)');
  }
  return options;
}

/** The options of a command line with no flags, for `--help` (which reads none). */
function defaults(): CliOptions {
  return {
    help: false,
    version: false,
    listPlaceholders: false,
    dryRun: false,
    json: false,
    stream: undefined,
    region: undefined,
    endpoint: undefined,
    template: DEFAULT_TEMPLATE,
    templateFile: undefined,
    partitionKey: undefined,
    count: undefined,
    durationMs: undefined,
    rate: 0,
    seed: undefined,
    createStream: false,
    shards: DEFAULT_SHARDS,
    concurrency: undefined,
    maxAttempts: undefined,
  };
}
