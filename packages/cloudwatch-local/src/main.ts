/** cwagg-cloudwatch-local: serves until Ctrl-C or SIGTERM (see HELP in cli-args.ts). */
import { type CliIo, EXIT, reportError } from '@cwagg/cli';
import { CLI_NAME, HELP, parseCliArgs } from './cli-args.js';
import type { RequestLogEntry } from './options.js';
import { isLoopbackHost } from './request-origin.js';
import { startCloudWatchLocal } from './server.js';

function logLine(e: RequestLogEntry): string {
  return (
    `${new Date().toISOString()} ${e.method} ${e.path} ${e.protocol} ${e.operation ?? '-'} ${e.status}` +
    `${e.errorCode ? ` ${e.errorCode}` : ''}${e.fault ? ` fault=${e.fault}` : ''} app=${e.appId} ` +
    `${e.durationMs.toFixed(1)}ms\n`
  );
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const command = parseCliArgs(argv);
  if (command.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const options = command.log
    ? { ...command.options, onRequest: (entry: RequestLogEntry) => io.stderr.write(logLine(entry)) }
    : command.options;
  let server: Awaited<ReturnType<typeof startCloudWatchLocal>>;
  try {
    server = await startCloudWatchLocal(options);
  } catch (error) {
    reportError(io, CLI_NAME, (error as Error).message);
    return EXIT.failed;
  }
  if (!isLoopbackHost(server.host)) {
    reportError(
      io,
      CLI_NAME,
      `warning: listening on ${server.host}, beyond loopback: anyone who can reach this machine can write ` +
        'metrics to and reset this endpoint, which has no authentication',
    );
  }
  io.stdout.write(`cwagg cloudwatch-local listening on ${server.endpoint}\n`);
  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', () => resolve('SIGINT'));
    process.once('SIGTERM', () => resolve('SIGTERM'));
  });
  reportError(io, CLI_NAME, `${signal}, stopping`);
  try {
    await server.stop();
  } catch {
    return EXIT.failed;
  }
  return EXIT.ok;
}
