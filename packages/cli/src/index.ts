/**
 * @cwagg/cli: the conventions every cwagg command-line tool shares. One flag table drives parsing, checks
 * and --help; one error format and set of exit codes; one unit style for sizes and numbers; one seeded
 * PRNG. See README.md.
 */
export { DURATION_EXAMPLES, DURATION_UNIT_MS, parseDuration } from './duration.js';
export { describeExitCodes, EXIT, type ExitCode, type ExitName } from './exit-codes.js';
export { describeExpected, describeRange, formatFlagNumber, parseFlagValue } from './flag-values.js';
export {
  type BooleanFlag,
  type CamelCase,
  camelCase,
  type DurationFlag,
  type EnumFlag,
  type FlagSpec,
  type FlagTable,
  type FlagValue,
  type FlagValues,
  type IntegerFlag,
  type ListFlag,
  type NumberFlag,
  type StringFlag,
} from './flags.js';
export { BYTE_UNITS, BYTES_PER_KIB, formatBytes } from './format-bytes.js';
export {
  DEFAULT_FRACTION_DIGITS,
  formatCount,
  formatFixed,
  formatNumber,
  formatRatio,
  formatSeconds,
  formatUsd,
} from './format-number.js';
export { describeFlag, formatFlagList, formatHelp, HELP_WIDTH, type HelpText, wrap } from './help.js';
export { type CliIo, MemoryStream, memoryIo, type OutputStream, processIo } from './io.js';
export {
  HELP_FLAGS,
  type ParsedFlags,
  type ParseOptions,
  type PositionalSpec,
  parseFlags,
} from './parse-flags.js';
export { freshSeed, type Random, seededRandom, streamSeed } from './random.js';
export { type CliMain, reportError, runMain, startCli, usageErrorText } from './run.js';
export { editDistance, suggest } from './suggest.js';
export { UsageError } from './usage-error.js';
