// The esbuild options of every Lambda bundle in the workspace: the handler apps' (bundle-lambda.mjs) and
// the comparison handlers the bench builds, so that sizes and import times compare like with like.
//
// ESM with code splitting: the handler is `<outdir>/index.mjs`, and the code it only loads with a dynamic
// `import()` (a feature that not every configuration uses) is in `<outdir>/chunks/`, with the shared code the
// two need. Cold start reads index.mjs and the chunks it imports statically, nothing else.

import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build } from 'esbuild';
import { ENTRY_FILE } from './bundle-layout.mjs';

/**
 * Defines `require` for the CommonJS code inside (some SDK dependencies call require() on Node built-ins).
 * esbuild writes the banner at the top of every output file, the entry and each chunk: each is a module of
 * its own, so each declares its own `require`, once. `buildLambdaBundle` then drops it from the files that
 * never mention `require`: in a split bundle most chunks are ESM code that does not need it.
 */
export const REQUIRE_BANNER =
  "import{createRequire as __cwaggRequire}from'node:module';const require=__cwaggRequire(import.meta.url);";

export { ENTRY_FILE };

/** Where the chunks go, relative to the output directory. */
export const CHUNKS_DIR = 'chunks';

/** @returns {import('esbuild').BuildOptions} */
export function lambdaBuildOptions(entry, outdir) {
  return {
    entryPoints: [{ in: entry, out: 'index' }],
    outdir,
    bundle: true,
    splitting: true,
    chunkNames: `${CHUNKS_DIR}/[name]-[hash]`,
    outExtension: { '.js': '.mjs' },
    platform: 'node',
    // Node 20 runs the local demo and the tests; Lambda runs NODEJS_22_X.
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    banner: { js: REQUIRE_BANNER },
  };
}

/**
 * Whether an output file's code (the banner aside) uses `require`. A file that merely mentions the word counts:
 * a banner kept needlessly is harmless, where a missing `require` would fail at run time.
 *
 * @param {string} code
 */
export function mentionsRequire(code) {
  return code.replaceAll(REQUIRE_BANNER, '').includes('require');
}

/**
 * Builds a Lambda bundle with `lambdaBuildOptions`, then removes the require banner from every file whose code
 * does not mention `require` (`mentionsRequire`; its source map shifted up by the banner's line).
 *
 * @param {string} entry
 * @param {string} outdir
 */
export async function buildLambdaBundle(entry, outdir) {
  const result = await build({ ...lambdaBuildOptions(entry, outdir), write: false });
  const texts = new Map(result.outputFiles.map((file) => [file.path, file.text]));
  const bannerLine = `${REQUIRE_BANNER}\n`;
  for (const [path, text] of texts) {
    if (!path.endsWith('.mjs') || !text.startsWith(bannerLine)) continue;
    const code = text.slice(bannerLine.length);
    const map = texts.get(`${path}.map`);
    const parsedMap = map === undefined ? undefined : JSON.parse(map);
    // The banner's line has no mappings (an empty first group, or none at all in an empty chunk); anything
    // else is left as esbuild wrote it.
    const mappings = parsedMap?.mappings;
    if (mentionsRequire(code) || (mappings !== undefined && mappings !== '' && !mappings.startsWith(';'))) {
      continue;
    }
    texts.set(path, code);
    if (parsedMap !== undefined && mappings !== '') {
      parsedMap.mappings = mappings.slice(1);
      texts.set(`${path}.map`, JSON.stringify(parsedMap));
    }
  }
  for (const [path, text] of texts) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
