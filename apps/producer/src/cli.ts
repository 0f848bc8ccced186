#!/usr/bin/env node
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { type CliOptions, DEFAULT_DRY_RUN_COUNT, HELP, parseCliArgs, UsageError } from './cli/args.js';
import { createProgressReporter, formatSummary } from './cli/output.js';
import { ProducerError, TemplateError } from './errors.js';
import { ProduceRunError, type ProduceSummary, produce } from './produce.js';
import { createRecordSource, generateRecords } from './records.js';
import { listPlaceholders } from './template/placeholders.js';

const EXIT = { ok: 0, recordsFailed: 1, usage: 2, unusable: 3, interrupted: 130 } as const;

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
    throw new UsageError(`Cannot read --template-file ${options.templateFile}: ${(err as Error).message}`);
  }
}

async function dryRun(options: CliOptions, template: string): Promise<number> {
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
    if (!process.stdout.write(`${line}\n`)) await once(process.stdout, 'drain');
  }
  return EXIT.ok;
}

function describeTarget(options: CliOptions): string {
  if (options.endpoint) return `at ${options.endpoint}`;
  return `in ${options.region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'the default region'}`;
}

function describePlan(options: CliOptions): string {
  const amount = [
    options.count === undefined ? undefined : `${options.count.toLocaleString('en-US')} records`,
    options.durationMs === undefined ? undefined : `for ${options.durationMs / 1000} s`,
  ]
    .filter(Boolean)
    .join(' or ');
  const pace = options.rate > 0 ? `at ${options.rate} records/s` : 'as fast as the stream takes them';
  return `Sending ${amount} to stream "${options.stream}" ${describeTarget(options)}, ${pace}...`;
}

function printSummary(summary: ProduceSummary, options: CliOptions): void {
  const text = formatSummary(summary, describeTarget(options));
  if (options.json) {
    process.stderr.write(`${text}\n`);
    process.stdout.write(`${JSON.stringify(summary)}\n`);
  } else {
    process.stdout.write(`${text}\n`);
  }
}

async function send(options: CliOptions, template: string): Promise<number> {
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
    process.stderr.write('\nStopping: waiting for the calls in flight (Ctrl-C again to quit now)...\n');
    controller.abort();
  };
  process.on('SIGINT', onInterrupt);
  process.on('SIGTERM', onInterrupt);
  const reporter = createProgressReporter(process.stderr, Boolean(process.stderr.isTTY));
  process.stderr.write(`${describePlan(options)}\n`);
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
    printSummary(summary, options);
    if (summary.aborted) return EXIT.interrupted;
    return summary.failed + summary.unsent > 0 ? EXIT.recordsFailed : EXIT.ok;
  } catch (err) {
    reporter.finish();
    if (err instanceof ProduceRunError) {
      printSummary(err.summary, options);
      process.stderr.write(`error: ${err.message}\n`);
      return EXIT.unusable;
    }
    throw err;
  } finally {
    process.off('SIGINT', onInterrupt);
    process.off('SIGTERM', onInterrupt);
  }
}

export async function main(argv: readonly string[]): Promise<number> {
  try {
    const options = parseCliArgs(argv);
    if (options.help) {
      process.stdout.write(HELP);
      return EXIT.ok;
    }
    if (options.version) {
      process.stdout.write(`${version()}\n`);
      return EXIT.ok;
    }
    if (options.listPlaceholders) {
      const rows = listPlaceholders();
      const width = Math.max(...rows.map((r) => r.name.length)) + 4;
      for (const row of rows) process.stdout.write(`${`{{${row.name}}}`.padEnd(width + 2)}${row.modern}\n`);
      return EXIT.ok;
    }
    const template = readTemplate(options);
    return options.dryRun ? await dryRun(options, template) : await send(options, template);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`error: ${err.message}\nRun cwagg-producer --help for usage.\n`);
      return EXIT.usage;
    }
    if (err instanceof TemplateError) {
      process.stderr.write(`error: the template has problems; nothing was sent.\n${err.message}\n`);
      return EXIT.usage;
    }
    if (err instanceof ProducerError) {
      process.stderr.write(`error: ${err.message}\n`);
      return err.code === 'INVALID_OPTIONS' ? EXIT.usage : EXIT.unusable;
    }
    process.stderr.write(`error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.unusable;
  }
}

// A closed pipe (cwagg-producer --dry-run | head) is a normal way to stop reading.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw err;
});
process.exitCode = await main(process.argv.slice(2));
