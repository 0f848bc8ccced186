/**
 * @cwagg/cli: the conventions every cwagg command-line tool shares. One flag table drives parsing, checks
 * and --help; one error format and set of exit codes; one unit style for sizes and numbers; one seeded
 * PRNG. See README.md.
 */
export { describeExitCodes, EXIT, type ExitCode } from './exit-codes.js';
export type { FlagSpec, FlagTable, FlagValues } from './flags.js';
export { formatBytes } from './format-bytes.js';
export {
  formatCount,
  formatFixed,
  formatNumber,
  formatRatio,
  formatSeconds,
  formatUsd,
} from './format-number.js';
export { formatHelp, type HelpText } from './help.js';
export { type CliIo, memoryIo } from './io.js';
export { type ParsedFlags, type ParseOptions, parseFlags } from './parse-flags.js';
export { freshSeed, type Random, seededRandom, streamSeed } from './random.js';
export { type CliMain, reportError, runMain, startCli } from './run.js';
export { UsageError } from './usage-error.js';
