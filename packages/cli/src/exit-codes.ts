import { HELP_WIDTH, wrap } from './help.js';

/**
 * The exit codes of every cwagg command-line tool, in one place so scripts can rely on them whichever
 * tool they call. A tool documents the codes it uses in its --help (see describeExitCodes).
 */
export const EXIT = {
  /** Done: everything asked for happened. */
  ok: 0,
  /** The run failed (or part of it did, e.g. records that were not accepted). */
  failed: 1,
  /** Bad flags: nothing was started. */
  usage: 2,
  /** cwagg-producer: the stream, the credentials or the endpoint are not usable, so nothing could be sent. */
  unusable: 3,
  /** Interrupted by Ctrl-C (SIGINT) or SIGTERM: 128 + SIGINT's number, as shells report it. */
  interrupted: 130,
} as const;

export type ExitName = keyof typeof EXIT;
export type ExitCode = (typeof EXIT)[ExitName];

const DEFAULT_MEANINGS: Partial<Record<ExitName, string>> = {
  ok: 'done',
  usage: 'bad flags',
  interrupted: 'interrupted',
};

/**
 * The exit-code lines of a --help text (wrapped as the rest of it), e.g. "Exit codes: 0 done, 1 a batch was given up, 2 bad flags,
 * 130 interrupted." Each tool says what 0 and 1 mean for it; the codes and their order come from EXIT.
 */
export function describeExitCodes(meanings: Partial<Record<ExitName, string>>): string {
  const merged = { ...DEFAULT_MEANINGS, ...meanings };
  const parts = (Object.keys(EXIT) as ExitName[])
    .filter((name) => merged[name] !== undefined)
    .map((name) => `${EXIT[name]} ${merged[name]}`);
  return wrap(`Exit codes: ${parts.join('; ')}.`, HELP_WIDTH).join('\n');
}
