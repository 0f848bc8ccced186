// The esbuild options of every Lambda bundle in the workspace: the handler apps' (bundle-lambda.mjs) and
// the comparison handlers the bench builds, so that sizes and import times compare like with like.
//
// ESM with code splitting: the handler is `<outdir>/index.mjs`, and the code it only loads with a dynamic
// `import()` (a feature that not every configuration uses) is in `<outdir>/chunks/`, with the shared code the
// two need. Cold start reads index.mjs and the chunks it imports statically, nothing else.

/**
 * Defines `require` for the CommonJS code inside (some SDK dependencies call require() on Node built-ins).
 * esbuild writes the banner at the top of every output file, the entry and each chunk: each is a module of
 * its own, so each declares its own `require`, once.
 */
export const REQUIRE_BANNER =
  "import{createRequire as __cwaggRequire}from'node:module';const require=__cwaggRequire(import.meta.url);";

/** The handler's file in the output directory: Lambda's handler setting is `index.handler`. */
export const ENTRY_FILE = 'index.mjs';

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
