/** Running a CLI's main with the one error convention of the cwagg CLIs. */
import { EXIT } from './exit-codes.js';
import { type CliIo, processIo } from './io.js';
import { UsageError } from './usage-error.js';

/** A CLI's body: reads its arguments, writes to `io`, returns its exit code (see EXIT). */
export type CliMain = (argv: readonly string[], io: CliIo) => Promise<number> | number;

/**
 * The two lines a usage error prints on stderr: "<cli>: <message>" and where the flags are listed.
 */
export function usageErrorText(cli: string, message: string): string {
  return `${cli}: ${message}\nRun ${cli} --help to see the flags.\n`;
}

/** One line on stderr, "<cli>: <message>", as every cwagg CLI reports what went wrong. */
export function reportError(io: CliIo, cli: string, message: string): void {
  io.stderr.write(`${cli}: ${message}\n`);
}

/**
 * Runs `main` and returns its exit code. A UsageError thrown anywhere in it prints usageErrorText and
 * gives EXIT.usage; anything else unexpected prints "<cli>: " and the stack, and gives EXIT.failed.
 */
export async function runMain(
  cli: string,
  main: CliMain,
  argv: readonly string[],
  io: CliIo,
): Promise<number> {
  try {
    return await main(argv, io);
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(usageErrorText(cli, error.message));
      return EXIT.usage;
    }
    reportError(io, cli, error instanceof Error ? (error.stack ?? error.message) : String(error));
    return EXIT.failed;
  }
}

/**
 * The bin entry point: runMain with the process's arguments and streams, then process.exitCode. A reader
 * that stops early (`cwagg-producer --dry-run | head`) closes the pipe: that ends the run quietly.
 */
export async function startCli(cli: string, main: CliMain): Promise<number> {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    throw error;
  });
  const code = await runMain(cli, main, process.argv.slice(2), processIo());
  process.exitCode = code;
  return code;
}
