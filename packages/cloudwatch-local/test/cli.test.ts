import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { memoryIo, runMain, UsageError } from '@cwagg/cli';
import { afterEach, describe, expect, it } from 'vitest';
import { CLI_NAME, DEFAULT_CLI_PORT, parseCliArgs } from '../src/cli-args.js';
import { main } from '../src/main.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const children: ChildProcess[] = [];

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

function run(args: string[]): {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
} {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "pnpm run build" before the CLI tests`);
  const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    err += c.toString();
  });
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

describe('CLI flags', () => {
  it('defaults to port 4582 on 127.0.0.1 and passes the options through', () => {
    expect(parseCliArgs([])).toEqual({
      help: false,
      log: false,
      options: { port: DEFAULT_CLI_PORT, host: '127.0.0.1' },
    });
    expect(
      parseCliArgs([
        '--port',
        '0',
        '--fault-rate',
        '0.25',
        '--fault-seed',
        '9',
        '--fault-kinds',
        'throttle,drop',
        '--slow-ms',
        '10',
        '--max-metrics',
        '50',
        '--log',
      ]),
    ).toEqual({
      help: false,
      log: true,
      options: {
        port: 0,
        host: '127.0.0.1',
        faultRate: 0.25,
        faultSeed: 9,
        faultKinds: ['throttle', 'drop'],
        slowResponseMs: 10,
        maxMetrics: 50,
      },
    });
    expect(parseCliArgs(['--help'])).toEqual({ help: true });
  });

  it('takes negative-looking values as values, and pnpm’s leading --', () => {
    expect(parseCliArgs(['--', '--fault-seed', '7', '--host', '::1'])).toMatchObject({
      options: { faultSeed: 7, host: '::1' },
    });
  });

  it.each([
    [['--fault-rate', '2'], '--fault-rate must be a number from 0 to 1, got 2'],
    [['--fault-rate', 'lots'], '--fault-rate must be a number from 0 to 1, got "lots"'],
    [
      ['--fault-kinds', 'throttle,explode'],
      '--fault-kinds must be a comma-separated list of throttle, error, drop, slow, got "throttle,explode"',
    ],
    [['--fault-kinds', 'throttle,slwo'], 'did you mean slow?'],
    [['--port', '70000'], '--port must be a whole number from 0 to 65535, got 70000'],
    [['--port', '-1'], '--port must be a whole number from 0 to 65535, got -1'],
    [['--fault-seed', '-1'], '--fault-seed must be a whole number from 0 to 4294967295, got -1'],
    [['--max-metrics', '0'], '--max-metrics must be a whole number of at least 1, got 0'],
    [['--prot', '1'], 'unknown flag --prot; did you mean --port?'],
    [['--colour'], 'unknown flag --colour'],
  ])('refuses %j clearly', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(UsageError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});

describe('cwagg-cloudwatch-local, in-process', () => {
  async function run(...argv: string[]) {
    const io = memoryIo();
    const code = await runMain(CLI_NAME, main, argv, io);
    return { code, stdout: io.stdout.text, stderr: io.stderr.text };
  }

  it('-- --help (as pnpm passes it) prints the flags on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await run('--', '--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^Usage: cwagg-cloudwatch-local/);
    expect(stdout).toMatch(
      /--fault-rate P +share of PutMetricData requests that get a fault \(0 to 1; default 0\)/,
    );
    expect(stdout).toContain('Exit codes: 0 stopped by Ctrl-C or SIGTERM; 1 could not start');
  });

  it('a misspelt flag exits 2 with one line naming the nearest flag, and starts nothing', async () => {
    expect(await run('--prot', '1')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cwagg-cloudwatch-local: unknown flag --prot; did you mean --port?\n' +
        'Run cwagg-cloudwatch-local --help to see the flags.\n',
    });
  });
});

describe('cwagg-cloudwatch-local', () => {
  it('prints its endpoint, serves, logs requests and exits cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--log']);
    await expect
      .poll(() => cli.stdout(), { timeout: 120_000 })
      .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const endpoint = /listening on (\S+)/.exec(cli.stdout())?.[1] as string;
    const health = await fetch(`${endpoint}/_cwagg/health`);
    expect(health.status).toBe(200);
    await expect.poll(() => cli.stderr()).toMatch(/GET \/_cwagg\/health admin - 200/);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });
});
