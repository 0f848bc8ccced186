import { describe, expect, it } from 'vitest';
import { type CliIo, EXIT, memoryIo, parseFlags, runMain, UsageError } from '../src/index.js';

const FLAGS = { count: { type: 'integer', min: 1, description: 'how many' } } as const;

async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) {
    io.stdout.write('help text\n');
    return EXIT.ok;
  }
  if (parsed.values.count === 13) throw new Error('unlucky');
  if (parsed.values.count === 7) throw new UsageError('--count 7 needs --lucky');
  io.stdout.write(`${parsed.values.count}\n`);
  return EXIT.ok;
}

async function run(...argv: string[]) {
  const io = memoryIo();
  const code = await runMain('cwagg-test', main, argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('runMain: one error format and one set of exit codes', () => {
  it('--help prints to stdout and exits 0, also after pnpm’s --', async () => {
    expect(await run('--', '--help')).toEqual({ code: 0, stdout: 'help text\n', stderr: '' });
  });

  it('a usage error is one line naming the CLI, a pointer to --help, exit 2, nothing on stdout', async () => {
    expect(await run('--cuont', '5')).toEqual({
      code: EXIT.usage,
      stdout: '',
      stderr:
        'cwagg-test: unknown flag --cuont; did you mean --count?\nRun cwagg-test --help to see the flags.\n',
    });
    expect((await run('--count', '7')).stderr).toMatch(/^cwagg-test: --count 7 needs --lucky\n/);
  });

  it('anything unexpected is reported with its stack and exits 1', async () => {
    const { code, stderr } = await run('--count', '13');
    expect(code).toBe(EXIT.failed);
    expect(stderr).toMatch(/^cwagg-test: Error: unlucky\n +at /);
  });

  it('a run that works writes only its result to stdout', async () => {
    expect(await run('--count', '3')).toEqual({ code: 0, stdout: '3\n', stderr: '' });
  });
});
