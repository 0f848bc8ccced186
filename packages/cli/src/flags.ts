/**
 * The declarative flag table every cwagg CLI describes its flags with. One table drives the parser
 * (parseFlags), the checks and their messages, and the flag list of --help (formatHelp), so the three
 * cannot drift apart.
 */

interface FlagBase {
  /** What the flag does, for --help. Ranges, choices and defaults are added from the table. */
  description: string;
  /** The heading --help lists the flag under (default "Flags"), in order of first appearance. */
  group?: string;
  /** The value's placeholder in --help (default N for whole numbers, X for numbers, TEXT for text, D for durations). */
  value?: string;
  /** The default as --help should state it, when it is not a fixed value (e.g. "a fresh one, printed"). */
  defaultHelp?: string;
}

/** Present or not: `--json`. Never takes a value. */
export interface BooleanFlag extends FlagBase {
  type: 'boolean';
}

/** Text: `--stream NAME`. An empty value is refused unless `allowEmpty`. */
export interface StringFlag extends FlagBase {
  type: 'string';
  default?: string;
  allowEmpty?: boolean;
}

/**
 * A whole number: `--count 5000`, also written 5_000 or 5,000. A negative value is taken as the value
 * (`--seed -7`) and then checked against `min`, so the range alone says whether negatives are allowed.
 */
export interface IntegerFlag extends FlagBase {
  type: 'integer';
  min?: number;
  max?: number;
  default?: number;
  /** false for numbers that name something (a port, a seed): shown as 4582, not 4,582, in help and messages. */
  grouping?: boolean;
}

/** A decimal number: `--fault-rate 0.3`, `--offset -1.5`, `--price 1e-5`; range as for integers. */
export interface NumberFlag extends FlagBase {
  type: 'number';
  min?: number;
  max?: number;
  default?: number;
  grouping?: boolean;
}

/** A positive duration (`500ms`, `30s`, `5m`, `1h`, or bare seconds), parsed to milliseconds. */
export interface DurationFlag extends FlagBase {
  type: 'duration';
  /** Milliseconds. */
  default?: number;
}

/** One of a fixed set of words: `--partitioning random`. */
export interface EnumFlag<Choice extends string = string> extends FlagBase {
  type: 'enum';
  choices: readonly Choice[];
  default?: Choice;
  /** Accept any letter case (`debug` for DEBUG); the value is always the choice as listed. */
  ignoreCase?: boolean;
}

/** A comma-separated list from a fixed set: `--only cwagg,baseline`. Duplicates are dropped, order kept. */
export interface ListFlag<Choice extends string = string> extends FlagBase {
  type: 'list';
  choices: readonly Choice[];
  default?: readonly Choice[];
}

export type FlagSpec =
  | BooleanFlag
  | StringFlag
  | IntegerFlag
  | NumberFlag
  | DurationFlag
  | EnumFlag
  | ListFlag;

/** Flags by their long name without dashes (`'batch-size'` for `--batch-size`), in --help order. */
export type FlagTable = Readonly<Record<string, FlagSpec>>;

/** `batch-size` -> `batchSize`: the key of a flag's value in the parsed result. */
export type CamelCase<Name extends string> = Name extends `${infer Head}-${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : Name;

/** The runtime twin of CamelCase. */
export function camelCase(name: string): string {
  return name.replace(/-([a-z0-9])/gi, (_, letter: string) => letter.toUpperCase());
}

/** The type a flag's value parses to. */
export type FlagValue<Spec> = Spec extends { type: 'boolean' }
  ? boolean
  : Spec extends { type: 'integer' | 'number' | 'duration' }
    ? number
    : Spec extends { type: 'enum'; choices: readonly (infer Choice)[] }
      ? Choice
      : Spec extends { type: 'list'; choices: readonly (infer Choice)[] }
        ? Choice[]
        : string;

/** Booleans are always set (false when absent), flags with a default too; the rest may be undefined. */
type AlwaysSet<Spec> = Spec extends { type: 'boolean' }
  ? true
  : Spec extends { default: unknown }
    ? true
    : false;

/** The parsed values of a table, by camelCase name. */
export type FlagValues<Table extends FlagTable> = {
  -readonly [Name in keyof Table & string as CamelCase<Name>]: AlwaysSet<Table[Name]> extends true
    ? FlagValue<Table[Name]>
    : FlagValue<Table[Name]> | undefined;
};

/** Placeholders --help shows for a value when the table gives none. */
export const DEFAULT_PLACEHOLDERS: Record<Exclude<FlagSpec['type'], 'boolean'>, string> = {
  string: 'TEXT',
  integer: 'N',
  number: 'X',
  duration: 'D',
  enum: 'NAME',
  list: 'LIST',
};

/** The value placeholder of a flag in --help and in "needs a value" messages ('' for booleans). */
export function placeholder(spec: FlagSpec): string {
  if (spec.type === 'boolean') return '';
  return spec.value ?? DEFAULT_PLACEHOLDERS[spec.type];
}
