/** Both CLIs of this package follow the shared convention: run in-process, nothing is started. */
import { type CliMain, memoryIo, runMain } from '@cwagg/cli';
import { describe, expect, it } from 'vitest';
import * as bundleLambda from '../scripts/bundle-lambda-main.mjs';
import * as kinesisLocal from '../src/kinesis-local-main.js';

async function run(cli: string, main: CliMain, ...argv: string[]) {
  const io = memoryIo();
  const code = await runMain(cli, main, argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe.each([
  { cli: kinesisLocal.CLI_NAME, main: kinesisLocal.main, flag: '--port', misspelt: '--prot', value: '4567' },
  {
    cli: bundleLambda.CLI_NAME,
    main: bundleLambda.main,
    flag: '--entry',
    misspelt: '--entyr',
    value: 'x.ts',
  },
])('$cli', ({ cli, main, flag, misspelt, value }) => {
  it('-- --help (as pnpm passes it) prints the flags on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run(cli, main, '--', '--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain(`Usage: ${cli}`);
    expect(stdout).toContain(flag);
    expect(stdout).toMatch(/-h, --help +show this help/);
    expect(stdout).toMatch(/Exit codes: 0 .*; 2 bad flags/);
  });

  it('a misspelt flag exits 2 with one line naming the nearest flag', async () => {
    expect(await run(cli, main, misspelt, value)).toEqual({
      code: 2,
      stdout: '',
      stderr: `${cli}: unknown flag ${misspelt}; did you mean ${flag}?\nRun ${cli} --help to see the flags.\n`,
    });
  });
});

describe('cwagg-kinesis-local flags', () => {
  it.each([
    [['--port', '0'], '--port must be a whole number from 1 to 65535, got 0'],
    [['--port', '-1'], '--port must be a whole number from 1 to 65535, got -1'],
    [['--log-level', 'LOUD'], '--log-level must be one of ERROR, WARN, INFO, DEBUG, TRACE, got "LOUD"'],
    [['--log-level', 'DEBGU'], 'did you mean DEBUG?'],
  ])('refuses %j: %s', async (argv, message) => {
    const { code, stderr } = await run(kinesisLocal.CLI_NAME, kinesisLocal.main, ...argv);
    expect(code).toBe(2);
    expect(stderr).toContain(message);
  });
});
