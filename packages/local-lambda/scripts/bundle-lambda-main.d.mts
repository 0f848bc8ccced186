import type { CliMain, FlagTable } from '@cwagg/cli';

export const CLI_NAME: 'cwagg-bundle-lambda';
export const FLAGS: FlagTable;
export const HELP: string;
/** Bundles a handler app; see HELP. */
export const main: CliMain;
/** The deployment zip of a bundle directory: every file in it, reproducibly. */
export function zipBundle(outdir: string): Uint8Array;
