/**
 * `pnpm bench`: see HELP in options.ts. Progress on stderr; the Markdown report on stdout, or with --json the
 * JSON object alone on stdout (the report then goes to stderr, so `| jq` reads only JSON).
 */
import { writeFileSync } from 'node:fs';
import { type CliIo, EXIT } from '@cwagg/cli';
import { HELP, parseBenchArgs } from './options.js';
import { jsonSummary, renderMarkdown } from './report.js';
import { runBench } from './run.js';

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const options = parseBenchArgs(argv);
  if ('help' in options) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const shown = argv[0] === '--' ? argv.slice(1) : argv;
  const command = ['pnpm bench', ...(shown.length > 0 ? ['--', ...shown] : [])].join(' ');
  const started = Date.now();
  const result = await runBench(options, command, (message) => {
    io.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(3)} s] ${message}\n`);
  });
  const markdown = renderMarkdown(result).trimEnd();
  if (options.markdown !== undefined) writeFileSync(options.markdown, `${markdown}\n`);
  if (options.json) {
    io.stderr.write(`${markdown}\n`);
    io.stdout.write(`${JSON.stringify(jsonSummary(result))}\n`);
  } else {
    io.stdout.write(`${markdown}\n`);
  }
  return EXIT.ok;
}
