import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { CliError, DEFAULT_CLI_PORT, parseCliArgs } from '../src/cli-args.js';

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

  it.each([
    [['--fault-rate', '2'], /--fault-rate must be a number from 0 to 1; got "2"/],
    [['--fault-rate', 'lots'], /--fault-rate/],
    [['--fault-kinds', 'throttle,explode'], /unknown fault "explode"/],
    [['--port', '70000'], /port must be a whole number from 0 to 65535/],
    [['--port', '-1'], /--port/],
    [['--max-metrics', '0'], /maxMetrics must be a whole number from 1/],
    [['--colour'], /Unknown option '--colour'/],
  ])('refuses %j clearly', (args, message) => {
    expect(() => parseCliArgs(args)).toThrow(CliError);
    expect(() => parseCliArgs(args)).toThrow(message);
  });
});

describe('cwagg-cloudwatch-local', () => {
  it('prints its endpoint, serves, logs requests and exits cleanly on SIGTERM', async () => {
    const cli = run(['--port', '0', '--log']);
    await expect
      .poll(() => cli.stdout(), { timeout: 30_000 })
      .toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
    const endpoint = /listening on (\S+)/.exec(cli.stdout())?.[1] as string;
    const health = await fetch(`${endpoint}/_cwagg/health`);
    expect(health.status).toBe(200);
    await expect.poll(() => cli.stderr()).toMatch(/GET \/_cwagg\/health admin - 200/);
    cli.child.kill('SIGTERM');
    expect(await cli.exit).toBe(0);
  });

  it('prints help, and exits 2 on a bad flag', async () => {
    const help = run(['--help']);
    expect(await help.exit).toBe(0);
    expect(help.stdout()).toMatch(/Usage: cwagg-cloudwatch-local/);
    expect(help.stdout()).toMatch(/--fault-rate P/);
    const bad = run(['--fault-rate', '2']);
    expect(await bad.exit).toBe(2);
    expect(bad.stderr()).toMatch(/--fault-rate must be a number from 0 to 1/);
  });
});
