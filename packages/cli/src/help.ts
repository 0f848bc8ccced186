/** The --help text of a cwagg CLI: its own words around a flag list generated from the flag table. */
import { describeRange, formatFlagNumber } from './flag-values.js';
import { type FlagSpec, type FlagTable, placeholder } from './flags.js';

/** Help lines are wrapped to this width, so they read in an 80-column terminal with room to spare. */
export const HELP_WIDTH = 100;
/** The flag column is at most this wide; a longer flag puts its description on the next line. */
const FLAG_COLUMN_MAX = 28;
const INDENT = '  ';
const DEFAULT_GROUP = 'Flags';

export interface HelpText {
  /** The first lines: the command and what it does, usage lines ("Usage: cwagg-demo [flags]"). */
  usage: string;
  /** Paragraphs between the usage and the flags. */
  intro?: string;
  flags: FlagTable;
  /** Sections after the flags, e.g. { Examples: '...' }: each under its heading, in order. */
  sections?: Readonly<Record<string, string>>;
  /** Lines after the flags and before the sections (e.g. where output goes, the exit codes). */
  notes?: string;
}

/** `text` broken into lines of at most `width` characters (a single longer word keeps its own line). */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line !== '' && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line === '' ? word : `${line} ${word}`;
    }
  }
  if (line !== '') lines.push(line);
  return lines;
}

function formatDefault(spec: FlagSpec): string | undefined {
  if (spec.defaultHelp !== undefined) return spec.defaultHelp;
  if (spec.type === 'boolean' || spec.default === undefined) return undefined;
  if (spec.type === 'list') return spec.default.join(',');
  if (spec.type === 'integer' || spec.type === 'number') return formatFlagNumber(spec, spec.default);
  if (spec.type === 'duration') return `${spec.default / 1000}s`;
  return String(spec.default);
}

/** The description with what the table knows added: "records to send (1 to 1,000,000; default 20,000)". */
export function describeFlag(spec: FlagSpec): string {
  const facts: string[] = [];
  if (spec.type === 'integer' || spec.type === 'number') {
    const range = describeRange(spec)
      .replace(/^from /, '')
      .replace(/^of /, '');
    if (range !== '') facts.push(range);
  }
  if (spec.type === 'list') facts.push(`comma-separated: ${spec.choices.join(', ')}`);
  const byDefault = formatDefault(spec);
  if (byDefault !== undefined) facts.push(`default ${byDefault}`);
  return facts.length === 0 ? spec.description : `${spec.description} (${facts.join('; ')})`;
}

function flagLabel(name: string, spec: FlagSpec): string {
  const value = spec.type === 'enum' && spec.value === undefined ? spec.choices.join('|') : placeholder(spec);
  return value === '' ? `--${name}` : `--${name} ${value}`;
}

/** The flag list: "Flags:" (or each group's heading), one flag per entry, -h/--help last. */
export function formatFlagList(table: FlagTable): string {
  const groups = new Map<string, [string, string][]>();
  for (const [name, spec] of Object.entries(table)) {
    const group = spec.group ?? DEFAULT_GROUP;
    const entries = groups.get(group) ?? [];
    entries.push([flagLabel(name, spec), describeFlag(spec)]);
    groups.set(group, entries);
  }
  const last = [...groups.values()].at(-1) ?? [];
  if (groups.size === 0) groups.set(DEFAULT_GROUP, last);
  last.push(['-h, --help', 'show this help']);

  // The column fits the labels that fit the cap: one long flag does not push every description right.
  const widths = [...groups.values()].flat().map(([label]) => label.length + 2);
  const column = Math.max(...widths.filter((width) => width <= FLAG_COLUMN_MAX), 0);
  const lines: string[] = [];
  for (const [group, entries] of groups) {
    if (lines.length > 0) lines.push('');
    lines.push(`${group}:`);
    for (const [label, description] of entries) {
      const text = wrap(description, HELP_WIDTH - INDENT.length - column);
      const pad = ' '.repeat(INDENT.length + column);
      if (label.length + 2 > column) {
        lines.push(`${INDENT}${label}`, ...text.map((line) => `${pad}${line}`));
      } else {
        lines.push(
          `${INDENT}${label.padEnd(column)}${text[0] ?? ''}`,
          ...text.slice(1).map((line) => `${pad}${line}`),
        );
      }
    }
  }
  return lines.join('\n');
}

/** The whole --help text, ending in a newline. */
export function formatHelp(help: HelpText): string {
  const blocks = [help.usage.trimEnd()];
  if (help.intro !== undefined) blocks.push(help.intro.trimEnd());
  blocks.push(formatFlagList(help.flags));
  if (help.notes !== undefined) blocks.push(help.notes.trimEnd());
  for (const [title, body] of Object.entries(help.sections ?? {}))
    blocks.push(`${title}:\n${body.trimEnd()}`);
  return `${blocks.join('\n\n')}\n`;
}
