import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type FlagTable, formatNumber, parseFlags, UsageError } from '../src/index.js';
import { editDistance, suggest, suggestionDistance } from '../src/suggest.js';

const MAX_RECORDS = 1_000_000;

const FLAGS = {
  records: { type: 'integer', min: 1, max: MAX_RECORDS, default: 20_000, description: 'records to send' },
  seed: { type: 'integer', description: 'seed of the records' },
  offset: { type: 'number', min: -10, max: 10, description: 'shift every value by this much' },
  rate: { type: 'number', min: 0, default: 0, description: 'records per second' },
  duration: { type: 'duration', description: 'send for this long' },
  partitioning: { type: 'enum', choices: ['batches', 'random'], default: 'batches', description: 'how' },
  'log-level': { type: 'enum', choices: ['ERROR', 'INFO'], ignoreCase: true, description: 'log level' },
  only: { type: 'list', choices: ['cwagg', 'baseline', 'powertools'], description: 'contenders' },
  report: { type: 'string', value: 'FILE', description: 'write a report' },
  json: { type: 'boolean', description: 'print JSON' },
} as const satisfies FlagTable;

/** The values, or the UsageError's message. */
function parse(argv: string[]) {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) throw new Error('unexpected help');
  return parsed;
}

function refusal(argv: string[]): string {
  try {
    parseFlags(argv, FLAGS);
  } catch (error) {
    if (error instanceof UsageError) return error.message;
    throw error;
  }
  throw new Error(`${JSON.stringify(argv)} was accepted`);
}

describe('parseFlags', () => {
  it('fills in defaults, false for absent booleans and undefined for the rest', () => {
    const { values, given, positionals } = parse([]);
    expect(values).toEqual({
      records: 20_000,
      seed: undefined,
      offset: undefined,
      rate: 0,
      duration: undefined,
      partitioning: 'batches',
      logLevel: undefined,
      only: undefined,
      report: undefined,
      json: false,
    });
    expect(given.size).toBe(0);
    expect(positionals).toEqual([]);
  });

  it('reads every type, in both --flag value and --flag=value forms, by camelCase name', () => {
    const { values, given } = parse([
      '--records=5,000',
      '--seed',
      '-7',
      '--offset',
      '-2.5',
      '--duration',
      '1.5m',
      '--partitioning=random',
      '--log-level',
      'info',
      '--only',
      'cwagg, baseline,cwagg',
      '--report',
      'out.html',
      '--json',
    ]);
    expect(values).toMatchObject({
      records: 5_000,
      seed: -7,
      offset: -2.5,
      duration: 90_000,
      partitioning: 'random',
      logLevel: 'INFO',
      only: ['cwagg', 'baseline'],
      report: 'out.html',
      json: true,
    });
    expect([...given].sort()).toEqual(
      ['duration', 'json', 'logLevel', 'offset', 'only', 'partitioning', 'records', 'report', 'seed'].sort(),
    );
  });

  it('accepts the leading -- that pnpm passes on, and the last of a repeated flag', () => {
    expect(parse(['--', '--records', '5', '--records', '6']).values.records).toBe(6);
  });

  it('-h and --help win over everything else, even a bad flag', () => {
    expect(parseFlags(['--', '--help'], FLAGS)).toEqual({ help: true });
    expect(parseFlags(['--records', 'abc', '-h'], FLAGS)).toEqual({ help: true });
    expect(parseFlags(['--recrods', '--help'], FLAGS)).toEqual({ help: true });
  });

  it.each([
    [['--records', 'abc'], '--records must be a whole number from 1 to 1,000,000, got "abc"'],
    [['--records', '-5'], '--records must be a whole number from 1 to 1,000,000, got -5'],
    [['--records=0'], '--records must be a whole number from 1 to 1,000,000, got 0'],
    [['--records', '1e3'], '--records must be a whole number from 1 to 1,000,000, got 1e3'],
    [['--seed', '1.5'], '--seed must be a whole number, got 1.5'],
    [['--seed', '9007199254740993'], '--seed must be a whole number, got 9007199254740993'],
    [['--offset', '11'], '--offset must be a number from -10 to 10, got 11'],
    [['--rate', '-1'], '--rate must be a number of at least 0, got -1'],
    [['--rate', 'Infinity'], '--rate must be a number of at least 0, got "Infinity"'],
    [['--duration', 'soon'], '--duration must be a duration such as 500ms, 30s, 5m or 1h'],
    [
      ['--partitioning', 'rnadom'],
      '--partitioning must be one of batches, random, got "rnadom"; did you mean random?',
    ],
    [['--only', 'cwagg,powertool'], 'did you mean powertools?'],
    [['--only', ','], '--only must be a comma-separated list of cwagg, baseline, powertools, got ","'],
    [['--report', ''], '--report needs a value, got ""'],
    [['--report'], '--report needs a value (FILE)'],
    [['--report', '--json'], '--report needs a value (FILE), got the flag --json (write --report=--json'],
    [['--json=yes'], '--json takes no value, got "yes"'],
    [['--recrods', '5'], 'unknown flag --recrods; did you mean --records?'],
    [['--rec', '5'], 'unknown flag --rec; did you mean --records?'],
    [['--JSON'], 'unknown flag --JSON; did you mean --json?'],
    [['--frobnicate'], 'unknown flag --frobnicate'],
    [['-x'], 'unknown flag -x'],
    [['extra'], 'unexpected argument "extra" (this command takes flags only)'],
    [['--', '--json', '--', 'after'], 'unexpected argument "after"'],
  ])('refuses %j: %s', (argv, message) => {
    expect(refusal(argv)).toContain(message);
  });

  it('says nothing it cannot back: an unknown flag far from every known one gets no suggestion', () => {
    expect(refusal(['--frobnicate'])).toBe('unknown flag --frobnicate');
  });

  it('takes positionals only when declared, up to their number', () => {
    const parsed = parseFlags(['in.json', '--json', '-5'], FLAGS, { positionals: { name: 'FILE', max: 2 } });
    expect(parsed).toMatchObject({ help: false, positionals: ['in.json', '-5'] });
    expect(() => parseFlags(['a', 'b', 'c'], FLAGS, { positionals: { name: 'FILE', max: 2 } })).toThrow(
      'unexpected argument "c" (at most 2 FILE)',
    );
  });
});

describe('parseFlags, properties', () => {
  const form = fc.constantFrom('space', 'equals', 'pnpm');
  const argvFor = (flag: string, value: string, how: string) =>
    how === 'space' ? [flag, value] : how === 'equals' ? [`${flag}=${value}`] : ['--', flag, value];

  it('any whole number in range round-trips, written plainly, grouped or negative', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_RECORDS }), form, fc.boolean(), (n, how, groupDigits) => {
        const text = groupDigits ? formatNumber(n) : String(n);
        expect(parse(argvFor('--records', text, how)).values.records).toBe(n);
      }),
    );
    fc.assert(
      fc.property(
        fc.maxSafeInteger().filter((n) => n >= Number.MIN_SAFE_INTEGER),
        form,
        (n, how) => {
          expect(parse(argvFor('--seed', String(n), how)).values.seed).toBe(n);
        },
      ),
    );
  });

  it('any number in range round-trips, negative ones included', () => {
    fc.assert(
      fc.property(fc.double({ min: -10, max: 10, noNaN: true }), form, (x, how) => {
        expect(parse(argvFor('--offset', String(x), how)).values.offset).toBe(x === 0 ? 0 : x);
      }),
    );
  });

  it('any whole number out of range is refused with a message naming the flag and its range', () => {
    const outside = fc.oneof(
      fc.integer({ min: -1_000_000_000, max: 0 }),
      fc.integer({ min: MAX_RECORDS + 1, max: 1_000_000_000 }),
    );
    fc.assert(
      fc.property(outside, form, (n, how) => {
        expect(refusal(argvFor('--records', String(n), how))).toBe(
          `--records must be a whole number from 1 to 1,000,000, got ${n}`,
        );
      }),
    );
  });

  it('any text that is not a whole number is refused, never read as one', () => {
    const notWhole = fc.string().filter((s) => !/^\s*[+-]?[\d,_]+\s*$/.test(s));
    fc.assert(
      fc.property(notWhole, (text) => {
        expect(refusal([`--records=${text}`])).toMatch(
          /^--records must be a whole number from 1 to 1,000,000, got /,
        );
      }),
    );
  });

  it('a flag with one letter dropped or two neighbours swapped is suggested back', () => {
    const names = ['records', 'partitioning', 'duration', 'report'] as const;
    const slip = fc
      .tuple(fc.constantFrom(...names), fc.nat(), fc.boolean())
      .map(([name, at, swap]) => {
        const i = at % (name.length - 1);
        const typed = swap
          ? `${name.slice(0, i)}${name[i + 1]}${name[i]}${name.slice(i + 2)}`
          : `${name.slice(0, i)}${name.slice(i + 1)}`;
        return { name, typed };
      })
      .filter(({ name, typed }) => typed !== name);
    fc.assert(
      fc.property(slip, ({ name, typed }) => {
        expect(refusal([`--${typed}`, '1'])).toBe(`unknown flag --${typed}; did you mean --${name}?`);
      }),
    );
  });
});

describe('suggest', () => {
  it('counts a swap of neighbours as one edit, and picks the nearest name, first listed on a tie', () => {
    expect(editDistance('recrods', 'records')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(suggest('prot', ['port', 'host'])).toBe('port');
    expect(suggest('hots', ['port', 'host'])).toBe('host');
    expect(suggest('xyz', ['port', 'host'])).toBeUndefined();
  });

  it('never suggests a name further away than it allows', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 12 }),
        fc.array(fc.string({ maxLength: 12 }), { maxLength: 8 }),
        (typed, known) => {
          const near = suggest(typed, known);
          if (near === undefined) return;
          const lower = typed.toLowerCase();
          const ok =
            editDistance(lower, near.toLowerCase()) <= suggestionDistance(lower) ||
            (lower.length >= 2 && near.toLowerCase().startsWith(lower));
          expect(ok).toBe(true);
        },
      ),
    );
  });
});
