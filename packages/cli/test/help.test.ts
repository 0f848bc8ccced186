import { describe, expect, it } from 'vitest';
import { HELP_WIDTH } from '../src/help.js';
import { describeExitCodes, EXIT, type FlagTable, formatHelp, parseFlags } from '../src/index.js';

const FLAGS = {
  stream: { type: 'string', value: 'NAME', group: 'Where to send', description: 'the Kinesis data stream' },
  count: { type: 'integer', min: 1, group: 'How much', description: 'number of records' },
  shards: { type: 'integer', min: 1, max: 64, default: 4, group: 'Where to send', description: 'shards' },
  partitioning: {
    type: 'enum',
    choices: ['batches', 'random'],
    default: 'batches',
    value: 'P',
    group: 'How much',
    description:
      'batches: records spread over shards in whole batches, so the aggregated handler makes one call per ' +
      'batch of records; random: a random partition key per record, as the Kinesis Data Generator does',
  },
  seed: { type: 'integer', defaultHelp: 'a fresh one, printed', group: 'How much', description: 'seed' },
  'a-very-long-flag-name-indeed': { type: 'string', value: 'VALUE', description: 'long' },
} as const satisfies FlagTable;

const help = formatHelp({
  usage: 'cwagg-test: send test data\n\nUsage: cwagg-test --stream NAME [flags]',
  intro: 'What it does, in a paragraph.',
  flags: FLAGS,
  notes: describeExitCodes({ ok: 'every record accepted', failed: 'some records failed' }),
  sections: { Examples: '  cwagg-test --stream s --count 5' },
});

describe('formatHelp', () => {
  it('lists every flag of the table, grouped in order, with its range, choices and default', () => {
    expect(help).toContain('Where to send:\n  --stream NAME');
    expect(help).toMatch(/--shards N +shards \(1 to 64; default 4\)/);
    expect(help).toMatch(/--count N +number of records \(at least 1\)/);
    expect(help).toMatch(/--partitioning P +batches: records/);
    expect(help).toContain('(default a fresh one, printed)');
    expect(help.indexOf('Where to send:')).toBeLessThan(help.indexOf('How much:'));
    expect(help).toMatch(/-h, --help +show this help\n/);
    for (const name of Object.keys(FLAGS)) expect(help).toContain(`--${name}`);
  });

  it('keeps the CLI’s own words: usage, intro, exit codes and examples, in that order', () => {
    const order = ['Usage: cwagg-test', 'What it does', 'Where to send:', 'Exit codes:', 'Examples:'];
    const at = order.map((text) => help.indexOf(text));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(help).toContain(
      'Exit codes: 0 every record accepted; 1 some records failed; 2 bad flags; 130 interrupted.',
    );
    expect(help.endsWith('\n')).toBe(true);
  });

  it('wraps long descriptions under their column, and puts a long flag’s description on its own line', () => {
    for (const line of help.split('\n')) expect(line.length).toBeLessThanOrEqual(HELP_WIDTH);
    const lines = help.split('\n');
    const first = lines.findIndex((line) => line.includes('--partitioning'));
    const column = (lines[first] as string).indexOf('batches:');
    expect((lines[first + 1] as string).search(/\S/)).toBe(column);
    expect(help).toMatch(/--a-very-long-flag-name-indeed VALUE\n +long/);
  });

  it('generates help that parses: every flag it lists is one parseFlags knows', () => {
    const listed = [...help.matchAll(/^ {2}(--[a-z-]+)/gm)].map((match) => match[1] as string);
    expect(listed.length).toBe(Object.keys(FLAGS).length);
    for (const flag of listed) {
      const spec = FLAGS[flag.slice(2) as keyof typeof FLAGS];
      const argv = spec.type === 'enum' ? [flag, 'random'] : [flag, '5'];
      expect(parseFlags(argv, FLAGS).help).toBe(false);
    }
  });
});

describe('describeExitCodes', () => {
  it('lists the codes in EXIT order, with each CLI’s meanings and the shared ones', () => {
    expect(describeExitCodes({ unusable: 'the stream is not usable', interrupted: undefined })).toBe(
      `Exit codes: ${EXIT.ok} done; ${EXIT.usage} bad flags; ${EXIT.unusable} the stream is not usable.`,
    );
  });
});

describe('numbers that name something', () => {
  it('are shown without digit grouping when the table says so', () => {
    const flags = {
      port: { type: 'integer', min: 0, max: 65_535, default: 4582, grouping: false, description: 'TCP port' },
    } as const satisfies FlagTable;
    expect(formatHelp({ usage: 'Usage: x', flags })).toMatch(
      /--port N +TCP port \(0 to 65535; default 4582\)/,
    );
    expect(() => parseFlags(['--port', '70000'], flags)).toThrow(
      '--port must be a whole number from 0 to 65535, got 70000',
    );
  });
});
