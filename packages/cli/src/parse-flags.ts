/** The one command-line parser of the cwagg CLIs, driven by a flag table (see flags.ts). */
import { parseFlagValue } from './flag-values.js';
import { camelCase, type FlagSpec, type FlagTable, type FlagValues, placeholder } from './flags.js';
import { suggest } from './suggest.js';
import { UsageError } from './usage-error.js';

/** The flags every cwagg CLI understands without declaring them. */
export const HELP_FLAGS: readonly string[] = ['--help', '-h'];

/** Arguments that are not flags, for a command that declares them. */
export interface PositionalSpec {
  /** Their name in messages, e.g. FILE. */
  name: string;
  /** At most this many (default: any number). */
  max?: number;
}

export interface ParseOptions {
  /** Without this, any argument that is not a flag is refused. */
  positionals?: PositionalSpec;
}

export type ParsedFlags<Table extends FlagTable> =
  | { help: true }
  | {
      help: false;
      values: FlagValues<Table>;
      /** The flags given on the command line (camelCase), to tell a default from an explicit value. */
      given: ReadonlySet<keyof FlagValues<Table>>;
      positionals: string[];
    };

/** A token that is a flag rather than a value: -x, --name. Negative numbers such as -5 or -.5 are values. */
function looksLikeFlag(token: string): boolean {
  return /^--?[a-z]/i.test(token);
}

function unknownFlag(typed: string, table: FlagTable): UsageError {
  const name = typed.replace(/^-+/, '');
  const near = suggest(name, [...Object.keys(table), 'help']);
  return new UsageError(`unknown flag ${typed}${near === undefined ? '' : `; did you mean --${near}?`}`);
}

function initialValues(table: FlagTable): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(table)) {
    const key = camelCase(name);
    if (spec.type === 'boolean') values[key] = false;
    else if (spec.type === 'list') values[key] = spec.default === undefined ? undefined : [...spec.default];
    else values[key] = spec.default;
  }
  return values;
}

/**
 * Parses `argv` against `table`. Accepts a leading `--` (pnpm passes it on: `pnpm demo -- --records 5`),
 * `--flag value` and `--flag=value`, negative numbers as values (`--seed -7`), and `-h`/`--help` anywhere
 * before a later `--`, which wins over everything else. Throws a UsageError with a one-line message
 * naming the flag for anything it cannot take: an unknown flag (with the nearest known one), a value out
 * of range, a missing value, an argument that is not a flag.
 */
export function parseFlags<const Table extends FlagTable>(
  argv: readonly string[],
  table: Table,
  options: ParseOptions = {},
): ParsedFlags<Table> {
  const args = argv[0] === '--' ? argv.slice(1) : [...argv];
  const end = args.indexOf('--');
  const flagArgs = end === -1 ? args : args.slice(0, end);
  if (flagArgs.some((arg) => HELP_FLAGS.includes(arg))) return { help: true };

  const values = initialValues(table);
  const given = new Set<string>();
  const positionals: string[] = end === -1 ? [] : args.slice(end + 1);
  for (let i = 0; i < flagArgs.length; i++) {
    const arg = flagArgs[i] as string;
    if (!arg.startsWith('--')) {
      if (looksLikeFlag(arg)) throw unknownFlag(arg, table);
      positionals.push(arg);
      continue;
    }
    const equals = arg.indexOf('=');
    const name = equals === -1 ? arg.slice(2) : arg.slice(2, equals);
    const flag = `--${name}`;
    const spec: FlagSpec | undefined = Object.hasOwn(table, name) ? table[name] : undefined;
    if (spec === undefined) throw unknownFlag(flag, table);
    const key = camelCase(name);
    given.add(key);
    if (spec.type === 'boolean') {
      if (equals !== -1) parseFlagValue(flag, spec, arg.slice(equals + 1)); // throws: takes no value
      values[key] = true;
      continue;
    }
    let text: string;
    if (equals !== -1) {
      text = arg.slice(equals + 1);
    } else {
      const next = flagArgs[i + 1];
      if (next === undefined || looksLikeFlag(next)) {
        const after =
          next === undefined
            ? ''
            : `, got the flag ${next} (write ${flag}=${next} for a value that starts with -)`;
        throw new UsageError(`${flag} needs a value (${placeholder(spec)})${after}`);
      }
      text = next;
      i++;
    }
    values[key] = parseFlagValue(flag, spec, text);
  }

  const { positionals: allowed } = options;
  const extra = allowed === undefined ? positionals[0] : positionals[allowed.max ?? Number.POSITIVE_INFINITY];
  if (extra !== undefined) {
    const takes =
      allowed === undefined ? 'this command takes flags only' : `at most ${allowed.max} ${allowed.name}`;
    throw new UsageError(`unexpected argument ${JSON.stringify(extra)} (${takes})`);
  }
  return {
    help: false,
    values: values as FlagValues<Table>,
    given: given as ReadonlySet<string> as ReadonlySet<keyof FlagValues<Table>>,
    positionals,
  };
}
