/** The demo's command line: flags, their checks and the help text, in the shared convention of @cwagg/cli. */

import { readFileSync } from 'node:fs';
import { describeExitCodes, type FlagTable, formatHelp, parseFlags, UsageError } from '@cwagg/cli';
import { MAX_FAULT_SEED } from '@cwagg/cloudwatch-local';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import {
  MAX_BATCH_SIZE,
  MAX_BATCHING_WINDOW_MS,
  MAX_TUMBLING_WINDOW_SECONDS,
  MIN_BATCH_SIZE,
} from '@cwagg/local-lambda';
import { compileTemplate, DEFAULT_TEMPLATE, TemplateError } from '@cwagg/producer';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_RECORDS,
  DEFAULT_SHARDS,
  type DemoOptions,
  demoSettings,
  MAX_RECORDS,
  MAX_SHARDS,
  PARTITIONINGS,
} from './demo.js';
import { PRESET_NAMES, PRESETS } from './presets.js';

export const CLI_NAME = 'cwagg-demo';

export const FLAGS = {
  records: {
    type: 'integer',
    min: 1,
    max: MAX_RECORDS,
    default: DEFAULT_RECORDS,
    description: 'records to send',
  },
  'batch-size': {
    type: 'integer',
    value: 'B',
    min: MIN_BATCH_SIZE,
    max: MAX_BATCH_SIZE,
    default: DEFAULT_BATCH_SIZE,
    description: "records per invocation; the default is the original sample's",
  },
  'batching-window-ms': {
    type: 'integer',
    value: 'M',
    min: 0,
    max: MAX_BATCHING_WINDOW_MS,
    default: 0,
    description: 'wait up to M ms to fill a batch',
  },
  shards: {
    type: 'integer',
    min: 1,
    max: MAX_SHARDS,
    default: DEFAULT_SHARDS,
    description: 'shards of the stream; the README says why not 1',
  },
  partitioning: {
    type: 'enum',
    value: 'P',
    choices: PARTITIONINGS,
    default: 'batches',
    description:
      'batches: records spread over shards in whole batches, so the aggregated handler makes one call per ' +
      'batch of records; random: a random partition key per record, as the Kinesis Data Generator does, ' +
      'so each shard ends on a partial batch',
  },
  template: {
    type: 'string',
    value: 'T',
    defaultHelp: `${DEFAULT_TEMPLATE}, or the preset's`,
    description: 'Kinesis Data Generator template',
  },
  'value-field': {
    type: 'string',
    value: 'PATH',
    description: "the value is the number at PATH of a JSON payload (the handlers' VALUE_FIELD)",
  },
  metrics: {
    type: 'string',
    value: 'JSON',
    description:
      "the handlers' METRICS: records are JSON events read as metrics with dimensions, e.g. " +
      '\'{"Dimensions":[["route"]],"Metrics":[{"Name":"latencyMs","Unit":"Milliseconds"}]}\'; the result ' +
      'compares every (metric, dimensions) series',
  },
  'metrics-file': { type: 'string', value: 'FILE', description: 'read --metrics from FILE' },
  preset: {
    type: 'enum',
    value: 'NAME',
    choices: PRESET_NAMES,
    description: `a named run, its template and METRICS (--template and --metrics given beside it win): ${PRESET_NAMES.map((name) => `${name}, ${PRESETS[name].description}`).join('; ')}`,
  },
  'window-seconds': {
    type: 'integer',
    value: 'N',
    min: 1,
    max: MAX_TUMBLING_WINDOW_SECONDS,
    description:
      "adds a third column, windowed: the aggregated handler fed by a mapping with Lambda's tumbling windows " +
      'of N seconds (TumblingWindowInSeconds): one call per shard and window (plus early flushes when a ' +
      "window's state reaches its budget), its metrics published when each window closes",
  },
  'bad-ratio': {
    type: 'number',
    value: 'R',
    min: 0,
    max: 1,
    default: 0,
    description: 'share of records replaced by malformed payloads',
  },
  'fault-rate': {
    type: 'number',
    value: 'P',
    min: 0,
    max: 1,
    default: 0,
    description:
      'share of PutMetricData requests the local CloudWatch answers with a throttle, a 500, a dropped ' +
      'connection or a slow answer',
  },
  'fault-seed': {
    type: 'integer',
    min: 0,
    max: MAX_FAULT_SEED,
    default: 1,
    grouping: false,
    description: 'seed of the fault sequence',
  },
  seed: {
    type: 'integer',
    defaultHelp: 'a fresh one, printed',
    description: 'seed of the records: same seed, same records',
  },
  concurrency: {
    type: 'integer',
    min: 1,
    defaultHelp: 'shards, at most CPUs',
    description: "containers per function, Lambda's concurrency",
  },
  'price-per-1000': {
    type: 'number',
    value: 'USD',
    min: 0,
    default: DEFAULT_PRICE_PER_1000_REQUESTS_USD,
    description: 'price of 1,000 PutMetricData requests',
  },
  json: {
    type: 'boolean',
    description:
      'stdout holds only one JSON object (one line) instead of the table; progress stays on stderr',
  },
  report: { type: 'string', value: 'FILE', description: 'also write a self-contained HTML report to FILE' },
} as const satisfies FlagTable;

export const HELP = formatHelp({
  usage: `Usage: pnpm demo [-- flags]   (or: ${CLI_NAME} [flags])`,
  intro: `Runs the whole cwagg pipeline on this machine, no AWS account needed: kinesis-local and a local
CloudWatch endpoint, records sent into a Kinesis stream, both Lambda handlers fed by an event source
mapping that behaves like Lambda's, then both handlers' statistics read back and compared.`,
  flags: FLAGS,
  notes: `Progress goes to stderr; the table (or the JSON) to stdout.
${describeExitCodes({ ok: 'done', failed: 'a phase failed or a batch was given up' })}`,
  sections: {
    Examples: `  pnpm demo
  pnpm demo --preset web --records 20000
  pnpm demo --records 5000 --report demo.html
  pnpm demo --records 20000 --fault-rate 0.3 --bad-ratio 0.05 --json | jq .aggregated
  pnpm demo --window-seconds 5 --json | jq .windowed`,
  },
});

export interface CliOptions {
  demo: DemoOptions;
  json: boolean;
  report: string | undefined;
  help: boolean;
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
  metrics: '--metrics',
  preset: '--preset',
  windowSeconds: '--window-seconds',
};

export function parseCli(argv: readonly string[]): CliOptions {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) return { demo: {}, json: false, report: undefined, help: true };
  const { values } = parsed;
  const demo: DemoOptions = {
    records: values.records,
    batchSize: values.batchSize,
    batchingWindowMs: values.batchingWindowMs,
    shards: values.shards,
    partitioning: values.partitioning,
    badRatio: values.badRatio,
    faultRate: values.faultRate,
    faultSeed: values.faultSeed,
    pricePer1000RequestsUsd: values.pricePer1000,
  };
  if (values.valueField !== undefined) demo.valueField = values.valueField;
  if (values.preset !== undefined) demo.preset = values.preset;
  const metrics = metricsFlag(values.metrics, values.metricsFile);
  if (metrics !== undefined) demo.metrics = metrics;
  if (values.seed !== undefined) demo.seed = values.seed;
  if (values.template !== undefined) demo.template = values.template;
  if (values.concurrency !== undefined) demo.concurrency = values.concurrency;
  if (values.windowSeconds !== undefined) demo.windowSeconds = values.windowSeconds;
  try {
    demoSettings(demo); // the demo's own checks, for what the table cannot say (e.g. at most 64 containers)
  } catch (error) {
    const message = (error as Error).message.replace(/^(\w+)/, (name) => FLAG_BY_OPTION[name] ?? name);
    throw new UsageError(message);
  }
  try {
    compileTemplate(demoSettings(demo).template, { seed: 1 });
  } catch (error) {
    if (error instanceof TemplateError) throw new UsageError(`--template: ${error.message}`);
    throw error;
  }
  return { demo, json: values.json, report: values.report, help: false };
}

/** --metrics, or the file --metrics-file names; never both. */
function metricsFlag(inline: string | undefined, file: string | undefined): string | undefined {
  if (inline !== undefined && file !== undefined) {
    throw new UsageError('give --metrics or --metrics-file, not both');
  }
  if (file === undefined) return inline;
  try {
    return readFileSync(file, 'utf8').trim();
  } catch (error) {
    throw new UsageError(`--metrics-file: cannot read ${file}: ${(error as Error).message}`);
  }
}
