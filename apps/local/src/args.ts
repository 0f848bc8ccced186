/** The demo's command line: flags, their checks, and the help text. */
import { parseArgs } from 'node:util';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { compileTemplate, DEFAULT_TEMPLATE, TemplateError } from '@cwagg/producer';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_RECORDS,
  DEFAULT_SHARDS,
  type DemoOptions,
  demoSettings,
} from './demo.js';

export const USAGE = `Usage: pnpm demo [-- flags]   (or: cwagg-demo [flags])

Runs the whole cwagg pipeline on this machine, no AWS account needed: kinesis-local and a local
CloudWatch endpoint, records sent into a Kinesis stream, both Lambda handlers fed by an event source
mapping that behaves like Lambda's, then both handlers' statistics read back and compared.

Flags:
  --records N             records to send (default ${DEFAULT_RECORDS.toLocaleString('en-US')})
  --batch-size B          records per invocation, 1..10,000 (default ${DEFAULT_BATCH_SIZE}, the original sample's)
  --batching-window-ms M  wait up to M ms to fill a batch, 0..300,000 (default 0)
  --shards N              shards of the stream, 1..64 (default ${DEFAULT_SHARDS}; see the README for why not 1)
  --partitioning P        batches: records spread over shards in whole batches, so the aggregated handler
                          makes one call per batch of records (default); random: a random partition key
                          per record, as the Kinesis Data Generator does (each shard ends on a partial batch)
  --template T            Kinesis Data Generator template (default '${DEFAULT_TEMPLATE}')
  --value-field PATH      the value is the number at PATH of a JSON payload (the handlers' VALUE_FIELD)
  --bad-ratio R           share 0..1 of records replaced by malformed payloads (default 0)
  --fault-rate P          share 0..1 of PutMetricData requests the local CloudWatch answers with a
                          throttle, a 500, a dropped connection or a slow answer (default 0)
  --fault-seed N          seed of the fault sequence (default 1)
  --seed N                seed of the records: same seed, same records (default: a fresh one, printed)
  --concurrency N         containers per function, Lambda's concurrency (default: shards, at most CPUs)
  --price-per-1000 USD    price of 1,000 PutMetricData requests (default ${DEFAULT_PRICE_PER_1000_REQUESTS_USD})
  --json                  print one JSON object as the last line of stdout instead of the table
  --report FILE           also write a self-contained HTML report to FILE
  --help                  show this help

Progress goes to stderr; the table (or the JSON) to stdout.
Exit status: 0 done, 1 a phase failed or a batch was given up, 2 bad flags, 130 interrupted.

Examples:
  pnpm demo
  pnpm demo --records 5000 --report demo.html
  pnpm demo --records 20000 --fault-rate 0.3 --bad-ratio 0.05 --json
`;

export interface CliOptions {
  demo: DemoOptions;
  json: boolean;
  report: string | undefined;
  help: boolean;
}

/** A flag problem: printed with a pointer to --help, exit status 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

function integer(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^-?\d+$/.test(raw.replaceAll('_', '').replaceAll(',', ''))) {
    throw new UsageError(`--${flag} must be a whole number, got "${raw}"`);
  }
  return Number(raw.replaceAll('_', '').replaceAll(',', ''));
}

function decimal(flag: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(value))
    throw new UsageError(`--${flag} must be a number, got "${raw}"`);
  return value;
}

/** Option names in RangeErrors from demoSettings, back to the flags a person typed. */
const FLAG_BY_OPTION: Record<string, string> = {
  records: '--records',
  batchSize: '--batch-size',
  batchingWindowMs: '--batching-window-ms',
  shards: '--shards',
  faultRate: '--fault-rate',
  faultSeed: '--fault-seed',
  badRatio: '--bad-ratio',
  seed: '--seed',
  pricePer1000RequestsUsd: '--price-per-1000',
  concurrency: '--concurrency',
  template: '--template',
  valueField: '--value-field',
  partitioning: '--partitioning',
};

export function parseCli(argv: readonly string[]): CliOptions {
  // `pnpm demo -- --records 5000` passes the separator on: flags after it are still flags.
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(args);
  } catch (error) {
    throw new UsageError((error as Error).message.replace(/\. To specify.*$/s, ''));
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  const demo: DemoOptions = {};
  const set = <K extends keyof DemoOptions>(key: K, value: DemoOptions[K] | undefined): void => {
    if (value !== undefined) demo[key] = value;
  };
  set('records', integer('records', values.records));
  set('batchSize', integer('batch-size', values['batch-size']));
  set('batchingWindowMs', integer('batching-window-ms', values['batching-window-ms']));
  set('shards', integer('shards', values.shards));
  set('template', values.template);
  set('valueField', values['value-field']);
  set('badRatio', decimal('bad-ratio', values['bad-ratio']));
  set('faultRate', decimal('fault-rate', values['fault-rate']));
  set('faultSeed', integer('fault-seed', values['fault-seed']));
  set('seed', integer('seed', values.seed));
  set('concurrency', integer('concurrency', values.concurrency));
  set('partitioning', values.partitioning as DemoOptions['partitioning']);
  set('pricePer1000RequestsUsd', decimal('price-per-1000', values['price-per-1000']));
  if (values.report !== undefined && values.report.trim() === '')
    throw new UsageError('--report needs a file name');
  if (!values.help) {
    try {
      demoSettings(demo); // every range check, before anything starts
    } catch (error) {
      const message = (error as Error).message.replace(/^(\w+)/, (name) => FLAG_BY_OPTION[name] ?? name);
      throw new UsageError(message);
    }
    try {
      compileTemplate(demo.template ?? DEFAULT_TEMPLATE, { seed: 1 });
    } catch (error) {
      if (error instanceof TemplateError) throw new UsageError(`--template: ${error.message}`);
      throw error;
    }
  }
  return { demo, json: values.json === true, report: values.report, help: values.help === true };
}

function parse(args: string[]) {
  return parseArgs({
    args,
    strict: true,
    allowPositionals: true,
    options: {
      records: { type: 'string' },
      'batch-size': { type: 'string' },
      'batching-window-ms': { type: 'string' },
      shards: { type: 'string' },
      partitioning: { type: 'string' },
      template: { type: 'string' },
      'value-field': { type: 'string' },
      'bad-ratio': { type: 'string' },
      'fault-rate': { type: 'string' },
      'fault-seed': { type: 'string' },
      seed: { type: 'string' },
      concurrency: { type: 'string' },
      'price-per-1000': { type: 'string' },
      json: { type: 'boolean' },
      report: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
