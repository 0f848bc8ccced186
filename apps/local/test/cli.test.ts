/**
 * The CLI: help and flag checks through its main in-process (nothing starts), then the built bin
 * (dist/cli.js, as `pnpm demo` runs it): a small run with --json and --report, and Ctrl-C releasing every
 * process it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { memoryIo, runMain } from '@cwagg/cli';
import { isRunning } from '@cwagg/local-lambda';
import { afterAll, describe, expect, it } from 'vitest';
import * as reliability from '../scripts/reliability-main.mjs';
import { CLI_NAME, main } from '../src/index.js';

const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const tempDir = mkdtempSync(join(tmpdir(), 'cwagg-local-cli-'));
afterAll(() => rmSync(tempDir, { recursive: true, force: true }));

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function runCli(args: string[], onStderr?: (text: string, child: ChildProcess) => void): Promise<Run> {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const run: Run = { code: null, signal: null, stdout: '', stderr: '' };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
    onStderr?.(run.stderr, child);
  });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ ...run, code, signal }));
  });
}

/** Every process descending from `pid` right now (read from /proc). */
function descendants(pid: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  const found: number[] = [];
  const walk = (parent: number): void => {
    for (const [child, ppid] of parents) {
      if (ppid === parent) {
        found.push(child);
        walk(child);
      }
    }
  };
  walk(pid);
  return found;
}

/** The CLI's main in-process, as the bin runs it, with its output kept. */
async function inProcess(...argv: string[]) {
  const io = memoryIo();
  const code = await runMain(CLI_NAME, main, argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('cwagg-demo --help and flag checks', () => {
  it('-- --help (as `pnpm demo -- --help` passes it) documents every flag on stdout and exits 0', async () => {
    const run = await inProcess('--', '--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const flag of [
      '--records',
      '--batch-size',
      '--batching-window-ms',
      '--shards',
      '--partitioning',
      '--template',
      '--value-field',
      '--metrics',
      '--metrics-file',
      '--preset',
      '--bad-ratio',
      '--fault-rate',
      '--fault-seed',
      '--seed',
      '--concurrency',
      '--price-per-1000',
      '--window-seconds',
      '--json',
      '--report',
      '--help',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toMatch(/--records N +records to send \(1 to 1,000,000; default 20,000\)/);
    expect(run.stdout).toContain(
      'Exit codes: 0 done; 1 a phase failed or a batch was given up; 2 bad flags; 130 interrupted.',
    );
  });

  it.each([
    [['--records', '0'], '--records must be a whole number from 1 to 1,000,000, got 0'],
    [['--records', '-5'], '--records must be a whole number from 1 to 1,000,000, got -5'],
    [['--', '--records', 'abc'], '--records must be a whole number from 1 to 1,000,000, got "abc"'],
    [['--recrods', '5'], 'unknown flag --recrods; did you mean --records?'],
    [['--batch-size', '10001'], '--batch-size must be a whole number from 1 to 10,000, got 10001'],
    [['--fault-rate', '1.5'], '--fault-rate must be a number from 0 to 1, got 1.5'],
    [['--fault-seed', '-1'], '--fault-seed must be a whole number from 0 to 4294967295, got -1'],
    [['--bad-ratio', 'half'], '--bad-ratio must be a number from 0 to 1, got "half"'],
    [['--shards', '0'], '--shards must be a whole number from 1 to 64, got 0'],
    [
      ['--partitioning', 'randon'],
      '--partitioning must be one of batches, random, got "randon"; did you mean random?',
    ],
    [['--concurrency', '65'], '--concurrency must be a whole number from 1 to 64, got 65'],
    [['--window-seconds', '0'], '--window-seconds must be a whole number from 1 to 900, got 0'],
    [['--window-seconds', '901'], '--window-seconds must be a whole number from 1 to 900, got 901'],
    [['--template', '{{no.such.thing}}'], '--template: '],
    [['--report', ''], '--report needs a value, got ""'],
    [['--frobnicate'], 'unknown flag --frobnicate'],
    [['--preset', 'webb'], '--preset must be one of web, got "webb"; did you mean web?'],
    [
      ['--metrics', '{"Metrics":[{"Name":"v","Unit":"ms"}]}'],
      '--metrics is not a mapping the handlers take: METRICS: Metrics[0].Unit: unit "ms" is not a CloudWatch unit',
    ],
    [['--metrics', '{}', '--metrics-file', 'm.json'], 'give --metrics or --metrics-file, not both'],
    [['--metrics-file', '/no/such/file.json'], '--metrics-file: cannot read /no/such/file.json'],
    [
      ['--preset', 'web', '--value-field', 'latencyMs'],
      '--metrics is not a mapping the handlers take: VALUE_FIELD does not apply with METRICS',
    ],
    [['extra'], 'unexpected argument "extra"'],
  ])('refuses %j with one line naming the flag and exit status 2', async (args, message) => {
    const run = await inProcess(...args);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const [first, pointer, ...rest] = run.stderr.split('\n');
    expect(first).toContain(`${CLI_NAME}: ${message}`);
    expect(pointer).toBe('Run cwagg-demo --help to see the flags.');
    if (!message.startsWith('--template')) expect(rest).toEqual(['']);
  });
});

describe('the reliability runner (scripts/reliability.mjs), same convention', () => {
  async function runReliability(...argv: string[]) {
    const io = memoryIo();
    const code = await runMain(reliability.CLI_NAME, reliability.main, argv, io);
    return { code, stdout: io.stdout.text, stderr: io.stderr.text };
  }

  it('-- --help prints its flags and exits 0; --list lists the steps without running any', async () => {
    const help = await runReliability('--', '--help');
    expect(help.code).toBe(0);
    for (const flag of ['--only TEXT', '--quick', '--out FILE', '--list', '-h, --help']) {
      expect(help.stdout).toContain(flag);
    }
    const list = await runReliability('--', '--list');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/^kinesis: hostile records\n/);
    expect(list.stdout).toContain('demo: 10% faults\n');
  });

  it('a misspelt flag, or --only matching no step, exits 2 with one line and a pointer to --help', async () => {
    expect(await runReliability('--lsit')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cwagg-reliability: unknown flag --lsit; did you mean --list?\nRun cwagg-reliability --help to see the flags.\n',
    });
    const nothing = await runReliability('--only', 'nothing');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toMatch(/^cwagg-reliability: --only nothing: no step matches \(see --list\)\n/);
  });
});

describe('cwagg-demo runs', () => {
  it('with --json, stdout holds only one JSON object; it writes a self-contained report', async () => {
    const report = join(tempDir, 'report.html');
    // `pnpm demo -- --records ...` hands the separator on: it must be accepted.
    const run = await runCli([
      '--',
      '--records',
      '1200',
      '--shards',
      '1',
      '--seed',
      '5',
      '--json',
      '--report',
      report,
    ]);
    expect(run.stderr).toMatch(/producing records into the stream/);
    expect(run.code).toBe(0);
    expect(run.stdout.trim().split('\n')).toHaveLength(1);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({
      records: 1200,
      invalid: 0,
      agree: true,
      single: { putMetricDataCalls: 1200, stats: { SampleCount: 1200 } },
      aggregated: { putMetricDataCalls: 8, stats: { SampleCount: 1200 } },
    });
    expect(Object.keys(result.single.stats)).toEqual([
      'SampleCount',
      'Sum',
      'Minimum',
      'Maximum',
      'p50',
      'p90',
      'p99',
    ]);
    expect(result.elapsedMs).toBeGreaterThan(0);

    const html = readFileSync(report, 'utf8');
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<svg');
    expect(html).toContain('PutMetricData calls');
    expect(html).toMatch(/p50 \d/);
    // Nothing fetched from anywhere: no scripts, no external resources.
    expect(html).not.toMatch(/<script|<link|<img|@import|url\(/i);
    expect(html).not.toMatch(/(src|href)=/i);
  });

  it('on Ctrl-C stops every process it started and exits with 130', async () => {
    let started: number[] = [];
    const run = await runCli(['--records', '20000', '--shards', '2'], (stderr, child) => {
      if (started.length === 0 && stderr.includes('producing records')) {
        started = descendants(child.pid as number);
        child.kill('SIGINT');
      }
    });
    expect(run.code).toBe(130);
    expect(run.stderr).toMatch(/SIGINT: stopping everything/);
    // kinesis-local and two containers per function (2 shards, 2 CPUs at most).
    expect(started.length).toBeGreaterThanOrEqual(3);
    expect(started.filter(isRunning)).toEqual([]);
  });
});
