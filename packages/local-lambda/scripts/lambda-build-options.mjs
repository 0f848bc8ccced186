// The esbuild options of every Lambda bundle in the workspace: the handler apps' (bundle-lambda.mjs) and
// the comparison handlers the bench builds, so that sizes and import times compare like with like.

/** @returns {import('esbuild').BuildOptions} */
export function lambdaBuildOptions(entry, outfile) {
  return {
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    // Node 20 runs the local demo and the tests; Lambda runs NODEJS_22_X.
    target: 'node20',
    format: 'esm',
    minify: true,
    sourcemap: true,
    sourcesContent: false,
    legalComments: 'none',
    logLevel: 'warning',
    // Some SDK dependencies are CommonJS and call require() on Node built-ins.
    banner: {
      js: "import{createRequire as __cwaggRequire}from'node:module';const require=__cwaggRequire(import.meta.url);",
    },
  };
}
