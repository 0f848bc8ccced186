#!/usr/bin/env node
/** `pnpm demo` / `cwagg-demo`: see USAGE in args.ts. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseCli, USAGE, UsageError } from './args.js';
import { DemoError, runDemo } from './demo.js';
import { progressPrinter } from './progress.js';
import { renderReport } from './report.js';
import { renderTable, resultJson } from './table.js';

const EXIT_FAILED = 1;
const EXIT_USAGE = 2;
const EXIT_INTERRUPTED = 130;

async function main(argv: readonly string[]): Promise<number> {
  // The SDK warns about Node 20 on every client; the demo's clients are ours, the warning is noise here.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  let cli: ReturnType<typeof parseCli>;
  try {
    cli = parseCli(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`cwagg-demo: ${error.message}\nRun with --help to see the flags.\n`);
    return EXIT_USAGE;
  }
  if (cli.help) {
    process.stdout.write(USAGE);
    return 0;
  }

  const controller = new AbortController();
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (interrupted) {
      process.stderr.write(`\n${signal} again: exiting now\n`);
      process.exit(EXIT_INTERRUPTED);
    }
    interrupted = true;
    process.stderr.write(`\n${signal}: stopping everything the demo started ...\n`);
    controller.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const printer = progressPrinter(process.stderr);
  try {
    const result = await runDemo({ ...cli.demo, signal: controller.signal, onProgress: printer.onProgress });
    printer.finish();
    process.stdout.write(cli.json ? `${resultJson(result)}\n` : renderTable(result));
    if (cli.report) {
      const file = resolve(cli.report);
      try {
        writeFileSync(file, renderReport(result));
        process.stderr.write(`report written to ${file}\n`);
      } catch (error) {
        process.stderr.write(
          `cwagg-demo: could not write the report to ${file}: ${(error as Error).message}\n`,
        );
        return EXIT_FAILED;
      }
    }
    const givenUp = result.single.givenUp.length + result.aggregated.givenUp.length;
    if (givenUp > 0) {
      process.stderr.write(
        `cwagg-demo: ${givenUp} batch(es) were given up after their retries (see above)\n`,
      );
      return EXIT_FAILED;
    }
    return 0;
  } catch (error) {
    printer.finish('failed');
    if (interrupted) {
      process.stderr.write('interrupted: every process and port the demo started is released\n');
      return EXIT_INTERRUPTED;
    }
    const message =
      error instanceof DemoError ? error.message : `unexpected error: ${(error as Error)?.stack ?? error}`;
    process.stderr.write(`cwagg-demo: ${message}\n`);
    return EXIT_FAILED;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Everything is released by now; should anything still hold the event loop, do not hang on it.
    setTimeout(() => process.exit(code), 2_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`cwagg-demo: ${(error as Error)?.stack ?? error}\n`);
    process.exit(EXIT_FAILED);
  },
);
