import { parseArgs } from 'node:util';
import { FAULT_KINDS, type FaultKind } from './faults.js';
import {
  type CloudWatchLocalOptions,
  DEFAULT_HOST,
  DEFAULT_MAX_BODY_BYTES,
  DEFAULT_MAX_METRICS,
  DEFAULT_MAX_STORED_VALUES,
  DEFAULT_SLOW_RESPONSE_MS,
  resolveOptions,
} from './options.js';

/** The CLI's port (the API's default is an ephemeral port). */
export const DEFAULT_CLI_PORT = 4582;

export const USAGE = `Usage: cwagg-cloudwatch-local [options]

A local Amazon CloudWatch metrics endpoint (AWS JSON 1.0 and Query protocols) for development and tests.
Serves PutMetricData, GetMetricStatistics, GetMetricData and ListMetrics; counters at GET /_cwagg/stats.

Options:
  --port N               TCP port (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host H               interface to listen on (default ${DEFAULT_HOST})
  --fault-rate P         share 0..1 of PutMetricData requests that get a fault (default 0)
  --fault-seed N         seed of the fault sequence, in arrival order (default 1)
  --fault-kinds a,b      faults to choose from: ${FAULT_KINDS.join(',')} (default all)
  --slow-ms N            delay of a 'slow' fault in milliseconds (default ${DEFAULT_SLOW_RESPONSE_MS})
  --max-metrics N        distinct metrics kept before PutMetricData is refused (default ${DEFAULT_MAX_METRICS})
  --max-stored-values N  distinct stored values kept before PutMetricData is refused (default ${DEFAULT_MAX_STORED_VALUES})
  --max-body-bytes N     request body cap, on the wire and inflated (default ${DEFAULT_MAX_BODY_BYTES})
  --log                  print one line per request to stderr
  --help                 show this help

Example:
  cwagg-cloudwatch-local --port 4582 --fault-rate 0.1 --fault-kinds throttle,error
  # then: new CloudWatchClient({ endpoint: 'http://127.0.0.1:4582', region: 'us-east-1', credentials: ... })
`;

export type CliCommand = { help: true } | { help: false; options: CloudWatchLocalOptions; log: boolean };

export class CliError extends Error {}

function wholeNumber(flag: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text)) throw new CliError(`${flag} must be a whole number; got "${text}".`);
  return Number(text);
}

export function parseCliArgs(argv: readonly string[]): CliCommand {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'fault-rate': { type: 'string' },
        'fault-seed': { type: 'string' },
        'fault-kinds': { type: 'string' },
        'slow-ms': { type: 'string' },
        'max-metrics': { type: 'string' },
        'max-stored-values': { type: 'string' },
        'max-body-bytes': { type: 'string' },
        log: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  if (values.help) return { help: true };
  const text = (name: string) => values[name] as string | undefined;
  const rateText = text('fault-rate');
  let faultRate: number | undefined;
  if (rateText !== undefined) {
    faultRate = /^(\d+\.?\d*|\.\d+)$/.test(rateText) ? Number(rateText) : Number.NaN;
    if (!(faultRate >= 0 && faultRate <= 1)) {
      throw new CliError(`--fault-rate must be a number from 0 to 1; got "${rateText}".`);
    }
  }
  const kindsText = text('fault-kinds');
  let faultKinds: FaultKind[] | undefined;
  if (kindsText !== undefined) {
    faultKinds = kindsText.split(',').map((kind) => kind.trim()) as FaultKind[];
    const unknown = faultKinds.find((kind) => !FAULT_KINDS.includes(kind));
    if (unknown !== undefined) {
      throw new CliError(`--fault-kinds: unknown fault "${unknown}"; choose from ${FAULT_KINDS.join(', ')}.`);
    }
  }
  const options: CloudWatchLocalOptions = {
    port: wholeNumber('--port', text('port')) ?? DEFAULT_CLI_PORT,
    host: text('host') ?? DEFAULT_HOST,
    faultRate,
    faultSeed: wholeNumber('--fault-seed', text('fault-seed')),
    faultKinds,
    slowResponseMs: wholeNumber('--slow-ms', text('slow-ms')),
    maxMetrics: wholeNumber('--max-metrics', text('max-metrics')),
    maxStoredValues: wholeNumber('--max-stored-values', text('max-stored-values')),
    maxBodyBytes: wholeNumber('--max-body-bytes', text('max-body-bytes')),
  };
  for (const key of Object.keys(options) as Array<keyof CloudWatchLocalOptions>) {
    if (options[key] === undefined) delete options[key];
  }
  try {
    resolveOptions(options); // the API's own range checks, reported as CLI errors
  } catch (error) {
    throw new CliError((error as Error).message);
  }
  return { help: false, options, log: values.log === true };
}
