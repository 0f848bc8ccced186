import type { CliMain, FlagTable } from '@cwagg/cli';

export const CLI_NAME: 'cwagg-reliability';
export const FLAGS: FlagTable;
export const HELP: string;
/** Reruns the rows of RELIABILITY.md; see HELP. */
export const main: CliMain;
