import { parseArgs } from 'node:util';
import { DEFAULT_TEMPLATE } from '../records.js';

/** Shards for --create-stream when --shards is not given: about 4,000 records/s of capacity. */
export const DEFAULT_SHARDS = 4;
/** Records --dry-run prints when --count is not given. */
export const DEFAULT_DRY_RUN_COUNT = 10;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

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

export const HELP = `cwagg-producer: send generated test data to an Amazon Kinesis data stream

Usage:
  cwagg-producer --stream NAME (--count N | --duration 60s) [options]
  cwagg-producer --dry-run [--template T] [--count N]

Where to send:
  --stream NAME          the Kinesis data stream
  --region REGION        AWS region (default: AWS_REGION / your profile; us-east-1 for a local endpoint)
  --endpoint URL         another endpoint, e.g. the local emulator http://127.0.0.1:4567
  --create-stream        create the stream if it does not exist and wait until it is ACTIVE
  --shards N             shards for --create-stream (default ${DEFAULT_SHARDS})

What to send:
  --template T           Kinesis Data Generator template (default '${DEFAULT_TEMPLATE}')
  --template-file PATH   read the template from a file (line breaks are removed, as the KDG does)
  --partition-key T      partition key template (default: a random key per record)
  --seed N               same seed, same records in the same order (default: random, shown at the end)

How much and how fast:
  --count N              number of records
  --duration D           send for this long: 500ms, 30s, 5m, 1h (a bare number is seconds)
  --rate R               records per second; 0 = as fast as the stream takes them (default 0)
  --concurrency N        PutRecords calls in flight (default 4)
  --max-attempts N       attempts per record before it counts as failed (default 10)

Other:
  --dry-run              print records (default ${DEFAULT_DRY_RUN_COUNT}) instead of sending; needs no AWS access
  --json                 print the summary as one JSON line on stdout (with --dry-run: one record per line)
  --list-placeholders    list the template placeholders and what they call in @faker-js/faker
  --version              print the version
  -h, --help             this help

Exit codes: 0 every record accepted; 1 some records failed; 2 bad flags or template;
3 the stream, credentials or endpoint are not usable; 130 interrupted.

Examples:
  cwagg-producer --endpoint http://127.0.0.1:4567 --stream demo --create-stream --count 5000 --seed 1
  cwagg-producer --stream demo --region eu-west-1 --duration 5m --rate 100 \\
    --template '{"sensorId": {{random.number(50)}}, "temp": {{random.number({"min":10,"max":150})}}}'
  cwagg-producer --dry-run --count 3 --template '{{name.firstName}},{{internet.ip}},{{date.now("YYYY-MM-DD")}}'
`;

const DURATION = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/;
const UNIT_MS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** "500ms", "30s", "5m", "1h", or a bare number of seconds. */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text.trim());
  const ms = match ? Number(match[1]) * (UNIT_MS[match[2] ?? 's'] ?? 1_000) : Number.NaN;
  if (!(ms > 0))
    throw new UsageError(`--duration ${text}: use a positive duration such as 500ms, 30s, 5m or 1h.`);
  return ms;
}

function integer(flag: string, text: string | undefined, min: number): number | undefined {
  if (text === undefined) return undefined;
  const value = /^-?\d+$/.test(text.trim()) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < min) {
    throw new UsageError(
      `--${flag} ${text}: expected a whole number${min > Number.MIN_SAFE_INTEGER ? ` of at least ${min}` : ''}.`,
    );
  }
  return value;
}

export function parseCliArgs(argv: readonly string[]): CliOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean' },
        'list-placeholders': { type: 'boolean' },
        'dry-run': { type: 'boolean' },
        json: { type: 'boolean' },
        stream: { type: 'string' },
        region: { type: 'string' },
        endpoint: { type: 'string' },
        template: { type: 'string' },
        'template-file': { type: 'string' },
        'partition-key': { type: 'string' },
        count: { type: 'string' },
        duration: { type: 'string' },
        rate: { type: 'string' },
        seed: { type: 'string' },
        'create-stream': { type: 'boolean' },
        shards: { type: 'string' },
        concurrency: { type: 'string' },
        'max-attempts': { type: 'string' },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const str = (name: string): string | undefined => values[name] as string | undefined;
  const flag = (name: string): boolean => values[name] === true;

  const options: CliOptions = {
    help: flag('help'),
    version: flag('version'),
    listPlaceholders: flag('list-placeholders'),
    dryRun: flag('dry-run'),
    json: flag('json'),
    stream: str('stream'),
    region: str('region'),
    endpoint: str('endpoint'),
    template: str('template') ?? DEFAULT_TEMPLATE,
    templateFile: str('template-file'),
    partitionKey: str('partition-key'),
    count: integer('count', str('count'), 1),
    durationMs: str('duration') === undefined ? undefined : parseDuration(str('duration') as string),
    rate: 0,
    seed: integer('seed', str('seed'), Number.MIN_SAFE_INTEGER),
    createStream: flag('create-stream'),
    shards: integer('shards', str('shards'), 1) ?? DEFAULT_SHARDS,
    concurrency: integer('concurrency', str('concurrency'), 1),
    maxAttempts: integer('max-attempts', str('max-attempts'), 1),
  };
  const rate = str('rate');
  if (rate !== undefined) {
    options.rate = rate.trim() === '' ? Number.NaN : Number(rate);
    if (!(options.rate >= 0 && Number.isFinite(options.rate))) {
      throw new UsageError(`--rate ${rate}: expected records per second (0 = as fast as possible).`);
    }
  }
  if (str('template') !== undefined && options.templateFile !== undefined) {
    throw new UsageError('Give --template or --template-file, not both.');
  }
  if (str('shards') !== undefined && !options.createStream) {
    throw new UsageError('--shards only applies with --create-stream.');
  }
  if (options.help || options.version || options.listPlaceholders || options.dryRun) return options;
  if (!options.stream) throw new UsageError('--stream is required (or use --dry-run to only print records).');
  if (options.count === undefined && options.durationMs === undefined) {
    throw new UsageError(
      'Say how much to send: --count N or --duration 60s (or both: whichever ends first).',
    );
  }
  return options;
}
