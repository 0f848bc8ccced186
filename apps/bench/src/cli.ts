#!/usr/bin/env node
/** `pnpm bench`: see --help. Progress on stderr; the report on stdout; with --json, the JSON object last. */
import { writeFileSync } from 'node:fs';
import { HELP, parseBenchArgs, UsageError } from './options.js';
import { jsonSummary, renderMarkdown } from './report.js';
import { runBench } from './run.js';

async function main(argv: string[]): Promise<number> {
  let options: ReturnType<typeof parseBenchArgs>;
  try {
    options = parseBenchArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`bench: ${error.message}\nRun with --help for the options.\n`);
    return 2;
  }
  if ('help' in options) {
    process.stdout.write(HELP);
    return 0;
  }
  const shown = argv[0] === '--' ? argv.slice(1) : argv;
  const command = ['pnpm bench', ...(shown.length > 0 ? ['--', ...shown] : [])].join(' ');
  const started = Date.now();
  const result = await runBench(options, command, (message) => {
    process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
  });
  const markdown = renderMarkdown(result).trimEnd();
  if (options.markdown !== undefined) writeFileSync(options.markdown, `${markdown}\n`);
  process.stdout.write(`${markdown}\n`);
  if (options.json) process.stdout.write(`${JSON.stringify(jsonSummary(result))}\n`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(
      `bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
