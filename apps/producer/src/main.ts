/** cwagg-producer: see HELP in cli/args.ts. Progress and notes on stderr; records or the summary on stdout. */
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import {
  type CliIo,
  EXIT,
  formatCount,
  formatNumber,
  formatSeconds,
  reportError,
  UsageError,
} from '@cwagg/cli';
import { CLI_NAME, type CliOptions, DEFAULT_DRY_RUN_COUNT, HELP, parseCliArgs } from './cli/args.js';
import { createProgressReporter, formatSummary } from './cli/output.js';
import { ProducerError, TemplateError } from './errors.js';
import { ProduceRunError, type ProduceSummary, produce } from './produce.js';
import { createRecordSource, generateRecords } from './records.js';
import { listPlaceholders } from './template/placeholders.js';

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

function readTemplate(options: CliOptions): string {
  if (!options.templateFile) return options.template;
  try {
    return readFileSync(options.templateFile, 'utf8');
  } catch (err) {
    throw new UsageError(`cannot read --template-file ${options.templateFile}: ${(err as Error).message}`);
  }
}

async function dryRun(options: CliOptions, template: string, io: CliIo): Promise<number> {
  const decoder = new TextDecoder();
  const records = generateRecords({
    template,
    count: options.count ?? DEFAULT_DRY_RUN_COUNT,
    ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
    ...(options.seed === undefined ? {} : { seed: options.seed }),
  });
  for (const record of records) {
    const data = decoder.decode(record.data);
    const line = options.json ? JSON.stringify({ partitionKey: record.partitionKey, data }) : data;
    // Respect back-pressure: a million records piped to a slow reader must not pile up in memory.
    if (!io.stdout.write(`${line}\n`)) await once(io.stdout, 'drain');
  }
  return EXIT.ok;
}

function describeTarget(options: CliOptions): string {
  if (options.endpoint) return `at ${options.endpoint}`;
  return `in ${options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region'}`;
}

function describePlan(options: CliOptions): string {
  const amount = [
    options.count === undefined ? undefined : formatCount(options.count, 'record'),
    options.durationMs === undefined ? undefined : `for ${formatSeconds(options.durationMs)}`,
  ]
    .filter(Boolean)
    .join(' or ');
  const pace =
    options.rate > 0 ? `at ${formatNumber(options.rate)} records/s` : 'as fast as the stream takes them';
  return `Sending ${amount} to stream "${options.stream}" ${describeTarget(options)}, ${pace}...`;
}

/** The summary as text on stdout, or with --json as one JSON line on stdout and the text on stderr. */
function printSummary(summary: ProduceSummary, options: CliOptions, io: CliIo): void {
  const text = formatSummary(summary, describeTarget(options));
  if (options.json) {
    io.stderr.write(`${text}\n`);
    io.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    io.stdout.write(`${text}\n`);
  }
}

async function send(options: CliOptions, template: string, io: CliIo): Promise<number> {
  // Template problems first, so nothing claims to be sending a template that cannot render.
  createRecordSource({
    template,
    ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
  });
  // The SDK warns on every run under Node 20 about its future Node 22 requirement: noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const controller = new AbortController();
  const onInterrupt = (): void => {
    if (controller.signal.aborted) process.exit(EXIT.interrupted);
    io.stderr.write('\nStopping: waiting for the calls in flight (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const reporter = createProgressReporter(io.stderr, Boolean(io.stderr.isTTY));
  io.stderr.write(`${describePlan(options)}\n`);
  try {
    const summary = await produce({
      stream: options.stream as string,
      template,
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.partitionKey === undefined ? {} : { partitionKey: options.partitionKey }),
      ...(options.count === undefined ? {} : { count: options.count }),
      ...(options.durationMs === undefined ? {} : { durationMs: options.durationMs }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      ...(options.createStream ? { createStream: { shards: options.shards } } : {}),
      rate: options.rate,
      signal: controller.signal,
      onProgress: (p) => reporter.update(p),
    });
    reporter.finish();
    printSummary(summary, options, io);
    if (summary.aborted) return EXIT.interrupted;
    return summary.failed + summary.unsent > 0 ? EXIT.failed : EXIT.ok;
  } catch (err) {
    reporter.finish();
    if (err instanceof ProduceRunError) {
      printSummary(err.summary, options, io);
      reportError(io, CLI_NAME, err.message);
      return EXIT.unusable;
    }
    throw err;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

async function run(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseCliArgs(argv);
  if (options.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  if (options.version) {
    io.stdout.write(`${version()}\n`);
    return EXIT.ok;
  }
  if (options.listPlaceholders) {
    const rows = listPlaceholders();
    const width = Math.max(...rows.map((r) => r.name.length)) + 4;
    for (const row of rows) io.stdout.write(`${`{{${row.name}}}`.padEnd(width + 2)}${row.modern}\n`);
    return EXIT.ok;
  }
  const template = readTemplate(options);
  return options.dryRun ? await dryRun(options, template, io) : await send(options, template, io);
}

/**
 * The CLI in-process (run it with runMain or startCli of @cwagg/cli): flag mistakes and invalid options
 * are usage errors (exit 2), a template with problems too, and a stream, credentials or endpoint that
 * cannot be used exit 3.
 */
export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (err) {
    if (err instanceof TemplateError) {
      reportError(io, CLI_NAME, `the template has problems; nothing was sent.\n${err.message}`);
      return EXIT.usage;
    }
    if (err instanceof ProducerError) {
      if (err.code === 'INVALID_OPTIONS') throw new UsageError(err.message);
      reportError(io, CLI_NAME, err.message);
      return EXIT.unusable;
    }
    throw err;
  }
}
