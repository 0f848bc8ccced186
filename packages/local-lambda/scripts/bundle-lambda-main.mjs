// cwagg-bundle-lambda: bundles a handler app into a self-contained Lambda artifact, dist/lambda/index.mjs
// (+ source map) and dist/lambda.zip, ready for `aws lambda update-function-code --zip-file fileb://dist/lambda.zip`.
// One bundler for both handler apps, so what the tests load is what CDK and the CLI deploy. Plain JS: it runs
// while the handler apps build, from the built @cwagg/cli (turbo builds dependencies first).
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describeExitCodes, EXIT, formatBytes, formatHelp, parseFlags } from '@cwagg/cli';
import { build } from 'esbuild';
import { zipSync } from 'fflate';
import { lambdaBuildOptions } from './lambda-build-options.mjs';

export const CLI_NAME = 'cwagg-bundle-lambda';

/** @satisfies {import('@cwagg/cli').FlagTable} */
export const FLAGS = /** @type {const} */ ({
  entry: { type: 'string', value: 'FILE', default: 'src/handler.ts', description: 'the handler module' },
  outdir: {
    type: 'string',
    value: 'DIR',
    default: 'dist/lambda',
    description: 'where index.mjs and its map go',
  },
  zip: { type: 'string', value: 'FILE', default: 'dist/lambda.zip', description: 'the deployment package' },
});

export const HELP = formatHelp({
  usage: `Usage: ${CLI_NAME} [--entry src/handler.ts] [--outdir dist/lambda] [--zip dist/lambda.zip]`,
  intro: `Bundles the handler (ESM, minified, with source map, the AWS SDK inside) for the Lambda Node.js 22 runtime.
The handler is exported as index.handler.`,
  flags: FLAGS,
  notes: describeExitCodes({ ok: 'bundled', failed: 'the bundle failed (esbuild says why)' }),
});

/** A fixed mtime keeps the zip byte-for-byte reproducible, so CDK asset hashes only change with the code. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

/** @type {import('@cwagg/cli').CliMain} */
export async function main(argv, io) {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const { entry, outdir: outdirFlag, zip: zipFlag } = parsed.values;
  const outdir = resolve(outdirFlag);
  rmSync(outdir, { recursive: true, force: true });
  mkdirSync(outdir, { recursive: true });
  await build(lambdaBuildOptions(resolve(entry), join(outdir, 'index.mjs')));

  const code = readFileSync(join(outdir, 'index.mjs'));
  const map = readFileSync(join(outdir, 'index.mjs.map'));
  const zip = zipSync(
    { 'index.mjs': [code, { mtime: ZIP_MTIME }], 'index.mjs.map': [map, { mtime: ZIP_MTIME }] },
    { level: 9 },
  );
  writeFileSync(resolve(zipFlag), zip);
  io.stdout.write(
    `bundled ${entry}: index.mjs ${formatBytes(code.length)} (${formatBytes(gzipSync(code).length)} gzip), ` +
      `zip ${formatBytes(statSync(resolve(zipFlag)).size)}\n`,
  );
  return EXIT.ok;
}
