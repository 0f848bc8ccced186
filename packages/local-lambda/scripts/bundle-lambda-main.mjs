// cwagg-bundle-lambda: bundles a handler app into a self-contained Lambda artifact, dist/lambda (index.mjs,
// the chunks it loads, their source maps) and dist/lambda.zip, ready for
// `aws lambda update-function-code --zip-file fileb://dist/lambda.zip`. One bundler for both handler apps, so
// what the tests load is what CDK and the CLI deploy. Plain JS: it runs while the handler apps build, from the
// built @cwagg/cli (turbo builds dependencies first).
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describeExitCodes, EXIT, formatBytes, formatHelp, parseFlags } from '@cwagg/cli';
import { zipSync } from 'fflate';
import { BUNDLE_DIR, BUNDLE_ZIP, bundleLayout, listBundleFiles } from './bundle-layout.mjs';
import { buildLambdaBundle, ENTRY_FILE, mentionsRequire, REQUIRE_BANNER } from './lambda-build-options.mjs';

export const CLI_NAME = 'cwagg-bundle-lambda';

/** @satisfies {import('@cwagg/cli').FlagTable} */
export const FLAGS = /** @type {const} */ ({
  entry: { type: 'string', value: 'FILE', default: 'src/handler.ts', description: 'the handler module' },
  outdir: {
    type: 'string',
    value: 'DIR',
    default: BUNDLE_DIR,
    description: 'where index.mjs, its chunks and their maps go',
  },
  zip: { type: 'string', value: 'FILE', default: BUNDLE_ZIP, description: 'the deployment package' },
});

export const HELP = formatHelp({
  usage: `Usage: ${CLI_NAME} [--entry src/handler.ts] [--outdir ${BUNDLE_DIR}] [--zip ${BUNDLE_ZIP}]`,
  intro: `Bundles the handler (ESM, minified, with source maps, the AWS SDK inside) for the Lambda Node.js 22 runtime.
The handler is exported as index.handler; code it loads with import() is in chunks/ beside it.
The zip holds every file of the output directory.`,
  flags: FLAGS,
  notes: describeExitCodes({ ok: 'bundled', failed: 'the bundle failed (esbuild says why)' }),
});

/** A fixed mtime keeps the zip byte-for-byte reproducible, so CDK asset hashes only change with the code. */
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

/**
 * The deployment package: every file of `outdir` (chunks/ included), by its path relative to it, in a fixed
 * order with a fixed mtime.
 */
export function zipBundle(outdir) {
  const entries = {};
  for (const name of listBundleFiles(outdir)) {
    entries[name] = [readFileSync(join(outdir, name)), { mtime: ZIP_MTIME }];
  }
  return zipSync(entries, { level: 9 });
}

/**
 * Each output file is a module of its own: one that mentions `require` has the banner's `require` once at its
 * top, and the others have none.
 */
function checkBanners(outdir) {
  for (const name of listBundleFiles(outdir).filter((file) => file.endsWith('.mjs'))) {
    const code = readFileSync(join(outdir, name), 'utf8');
    const banners = code.split(REQUIRE_BANNER).length - 1;
    const usesRequire = mentionsRequire(code);
    if (usesRequire ? banners !== 1 || !code.startsWith(REQUIRE_BANNER) : banners !== 0) {
      throw new Error(
        `${name} ${usesRequire ? 'does not start with the require banner exactly once' : 'carries the require banner but never uses require'}`,
      );
    }
  }
}

const plural = (n, word) => `${n} ${word}${n === 1 ? '' : 's'}`;

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
  await buildLambdaBundle(resolve(entry), outdir);
  checkBanners(outdir);

  writeFileSync(resolve(zipFlag), zipBundle(outdir));
  const { coldStart, all } = bundleLayout(join(outdir, ENTRY_FILE));
  const chunks = coldStart.files.length - 1;
  io.stdout.write(
    `bundled ${entry}: cold start ${formatBytes(coldStart.bytes)} (${formatBytes(coldStart.gzipBytes)} gzip) ` +
      `in ${ENTRY_FILE}${chunks > 0 ? ` + ${plural(chunks, 'chunk')}` : ''}, ` +
      `all code ${formatBytes(all.bytes)} (${formatBytes(all.gzipBytes)} gzip) in ${plural(all.files.length, 'file')}, ` +
      `zip ${formatBytes(statSync(resolve(zipFlag)).size)}\n`,
  );
  return EXIT.ok;
}
