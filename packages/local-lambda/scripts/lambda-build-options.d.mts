import type { BuildOptions } from 'esbuild';

/** The `require` definition at the top of every output file (the entry and each chunk) that mentions `require`. */
export const REQUIRE_BANNER: string;
/** The handler's file in the output directory (`index.mjs`). */
export const ENTRY_FILE: 'index.mjs';
/** The chunks' directory, relative to the output directory (`chunks`). */
export const CHUNKS_DIR: 'chunks';
/** The esbuild options of every Lambda bundle in the workspace: `<outdir>/index.mjs` and its chunks. */
export function lambdaBuildOptions(entry: string, outdir: string): BuildOptions;
/** Whether an output file's code, the banner aside, mentions `require` (and so keeps the banner). */
export function mentionsRequire(code: string): boolean;
/** Builds a Lambda bundle into `outdir` with `lambdaBuildOptions`, the require banner only where it is used. */
export function buildLambdaBundle(entry: string, outdir: string): Promise<void>;
