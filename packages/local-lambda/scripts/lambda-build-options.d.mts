import type { BuildOptions } from 'esbuild';

/** The esbuild options of every Lambda bundle in the workspace. */
export function lambdaBuildOptions(entry: string, outfile: string): BuildOptions;
