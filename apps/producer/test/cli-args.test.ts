import { UsageError } from '@cwagg/cli';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SHARDS, parseCliArgs } from '../src/cli/args.js';
import { completion, formatSummary } from '../src/cli/output.js';
import type { ProduceSummary } from '../src/index.js';

describe('parseCliArgs', () => {
  it('reads a full command line', () => {
    const o = parseCliArgs([
      '--stream',
      'demo',
      '--endpoint',
      'http://127.0.0.1:4567',
      '--count',
      '5000',
      '--rate',
      '250.5',
      '--seed',
      '-7', // a negative seed is a value, not a flag
      '--duration',
      '1.5m',
      '--create-stream',
      '--shards',
      '2',
      '--partition-key',
      '{{random.number(9)}}',
    ]);
    expect(o).toMatchObject({
      stream: 'demo',
      endpoint: 'http://127.0.0.1:4567',
      count: 5000,
      rate: 250.5,
      seed: -7,
      durationMs: 90_000,
      createStream: true,
      shards: 2,
      partitionKey: '{{random.number(9)}}',
      template: '{{random.number(1000)}}',
    });
  });

  it('defaults the shards of --create-stream and needs no stream for --dry-run', () => {
    expect(parseCliArgs(['--stream', 's', '--duration', '1m', '--create-stream']).shards).toBe(
      DEFAULT_SHARDS,
    );
    expect(parseCliArgs(['--dry-run']).dryRun).toBe(true);
  });

  it.each([
    [['--count', '5'], '--stream is required'],
    [['--stream', 's'], 'say how much to send'],
    [['--stream', 's', '--count', '0'], '--count must be a whole number of at least 1, got 0'],
    [['--stream', 's', '--count', '-5'], '--count must be a whole number of at least 1, got -5'],
    [['--stream', 's', '--count', '1e3'], '--count must be a whole number of at least 1, got 1e3'],
    [
      ['--stream', 's', '--count', '5', '--rate', 'fast'],
      '--rate must be a number of at least 0, got "fast"',
    ],
    [['--stream', 's', '--duration', 'soon'], '--duration must be a duration such as 500ms, 30s, 5m or 1h'],
    [['--stream', 's', '--count', '5', '--shards', '2'], '--shards only applies with --create-stream'],
    [['--stream', 's', '--count', '5', '--template', 'x', '--template-file', 'f'], 'not both'],
    [['--stream', 's', '--count', '5', '--bogus'], 'unknown flag --bogus'],
    [['--stream', 's', '--coutn', '5'], 'unknown flag --coutn; did you mean --count?'],
    [['--stream', 's', '--count', '5', 'extra'], 'unexpected argument "extra"'],
  ])('%j is refused: %s', (argv, message) => {
    expect(() => parseCliArgs(argv)).toThrow(UsageError);
    expect(() => parseCliArgs(argv)).toThrow(message);
  });

  it('accepts pnpm’s leading -- and reads --help before anything else', () => {
    expect(parseCliArgs(['--', '--dry-run', '--count', '3']).count).toBe(3);
    expect(parseCliArgs(['--', '--help']).help).toBe(true);
    expect(parseCliArgs(['--count', 'many', '-h']).help).toBe(true);
  });
});

describe('progress and summary text', () => {
  it('measures completion by count or by time, whichever is further along', () => {
    const base = { sent: 250, failed: 0, count: 1000, durationMs: undefined, elapsedMs: 1000 };
    expect(completion(base as never)).toBe(0.25);
    expect(completion({ ...base, count: undefined, durationMs: 4000 } as never)).toBe(0.25);
    expect(completion({ ...base, count: undefined } as never)).toBeUndefined();
  });

  it('names failures and how to repeat the run', () => {
    const summary: ProduceSummary = {
      stream: 's',
      seed: 12,
      shards: 2,
      createdStream: true,
      sent: 8,
      failed: 2,
      unsent: 0,
      generated: 10,
      retries: 5,
      throttled: 4,
      putRecordsCalls: 3,
      bytes: 80,
      elapsedMs: 1234,
      ratePerSecond: 6.5,
      count: 10,
      durationMs: undefined,
      aborted: false,
      failureCodes: { RecordTooLarge: 2 },
      failures: [
        { index: 3, partitionKey: 'k', errorCode: 'RecordTooLarge', errorMessage: 'too big', attempts: 0 },
      ],
    };
    const text = formatSummary(summary, 'at http://127.0.0.1:1');
    expect(text).toContain('Sent 8 of 10 records to stream "s" at http://127.0.0.1:1 in 1.2 s');
    expect(text).toContain('failures: RecordTooLarge x2');
    expect(text).toContain('record 3 (key k): RecordTooLarge: too big');
    expect(text).toContain('--seed 12');
  });
});
