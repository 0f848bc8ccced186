#!/usr/bin/env node
import { CliError, parseCliArgs, USAGE } from './cli-args.js';
import type { RequestLogEntry } from './options.js';
import { startCloudWatchLocal } from './server.js';

async function main(): Promise<void> {
  let command: ReturnType<typeof parseCliArgs>;
  try {
    command = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    process.stderr.write(`cwagg-cloudwatch-local: ${error.message}\nRun with --help for the options.\n`);
    process.exit(2);
  }
  if (command.help) {
    process.stdout.write(USAGE);
    return;
  }
  const options = command.log
    ? {
        ...command.options,
        onRequest: (e: RequestLogEntry) =>
          process.stderr.write(
            `${new Date().toISOString()} ${e.method} ${e.path} ${e.protocol} ${e.operation ?? '-'} ${e.status}` +
              `${e.errorCode ? ` ${e.errorCode}` : ''}${e.fault ? ` fault=${e.fault}` : ''} app=${e.appId} ` +
              `${e.durationMs.toFixed(1)}ms\n`,
          ),
      }
    : command.options;
  let server: Awaited<ReturnType<typeof startCloudWatchLocal>>;
  try {
    server = await startCloudWatchLocal(options);
  } catch (error) {
    process.stderr.write(`cwagg-cloudwatch-local: ${(error as Error).message}\n`);
    process.exit(1);
  }
  process.stdout.write(`cwagg cloudwatch-local listening on ${server.endpoint}\n`);
  const shutdown = (signal: string) => {
    process.stderr.write(`cwagg-cloudwatch-local: ${signal}, stopping\n`);
    server.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.once('SIGTERM', () => shutdown('SIGTERM'));
}

await main();
