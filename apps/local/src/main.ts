/** `pnpm demo` / `cwagg-demo`: see HELP in args.ts. Progress on stderr; the table or the JSON on stdout. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { type CliIo, EXIT, reportError } from '@cwagg/cli';
import { CLI_NAME, HELP, parseCli } from './args.js';
import { DemoError, runDemo } from './demo.js';
import { progressPrinter } from './progress.js';
import { renderReport } from './report.js';
import { renderTable, resultJson } from './table.js';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  // The SDK warns about Node 20 on every client; the demo's clients are ours, the warning is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const cli = parseCli(argv);
  if (cli.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }

  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      io.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(EXIT.interrupted);
    }
    interrupted = true;
    io.stderr.write(`\n${signal}: stopping everything the demo started ...\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const printer = progressPrinter(io.stderr);
  try {
    const result = await runDemo({ ...cli.demo, signal: controller.signal, onProgress: printer.onProgress });
    printer.finish();
    io.stdout.write(cli.json ? `${resultJson(result)}\n` : renderTable(result));
    if (cli.report) {
      const file = resolve(cli.report);
      try {
        writeFileSync(file, renderReport(result));
        io.stderr.write(`report written to ${file}\n`);
      } catch (error) {
        reportError(io, CLI_NAME, `could not write the report to ${file}: ${(error as Error).message}`);
        return EXIT.failed;
      }
    }
    const givenUp = result.single.givenUp.length + result.aggregated.givenUp.length;
    if (givenUp > 0) {
      reportError(io, CLI_NAME, `${givenUp} batch(es) were given up after their retries (see above)`);
      return EXIT.failed;
    }
    return EXIT.ok;
  } catch (error) {
    printer.finish('failed');
    if (interrupted) {
      io.stderr.write('interrupted: every process and port the demo started is released\n');
      return EXIT.interrupted;
    }
    const message =
      error instanceof DemoError ? error.message : `unexpected error: ${(error as Error)?.stack ?? error}`;
    reportError(io, CLI_NAME, message);
    return EXIT.failed;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
