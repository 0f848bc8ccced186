/**
 * The built CLI (dist/cli.js, as `pnpm demo` runs it): help, flag checks, a small run with --json and
 * --report, and Ctrl-C releasing every process it started.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isRunning } from '@cwagg/local-lambda';
import { afterAll, describe, expect, it } from 'vitest';

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

describe('cwagg-demo --help and flag checks', () => {
  it('documents every flag', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    for (const flag of [
      '--records',
      '--batch-size',
      '--batching-window-ms',
      '--shards',
      '--template',
      '--value-field',
      '--bad-ratio',
      '--fault-rate',
      '--fault-seed',
      '--seed',
      '--concurrency',
      '--price-per-1000',
      '--json',
      '--report',
      '--help',
    ]) {
      expect(run.stdout).toContain(flag);
    }
  });

  it.each([
    [['--records', '0'], /--records must be a whole number from 1 to 1000000, got 0/],
    [['--records', 'many'], /--records must be a whole number, got "many"/],
    [['--batch-size', '10001'], /--batch-size must be a whole number from 1 to 10000/],
    [['--fault-rate', '1.5'], /--fault-rate must be a number from 0 to 1/],
    [['--bad-ratio', 'half'], /--bad-ratio must be a number, got "half"/],
    [['--shards', '0'], /--shards must be a whole number from 1 to 64/],
    [['--template', '{{no.such.thing}}'], /--template: .*unknown placeholder/],
    [['--report', ''], /--report needs a file name/],
    [['--frobnicate'], /Unknown option '--frobnicate'/],
    [['extra'], /unexpected argument "extra"/],
  ])('refuses %j with a clear message and exit status 2', async (args, message) => {
    const run = await runCli(args);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/--help/);
    expect(run.stdout).toBe('');
  });
});

describe('cwagg-demo runs', () => {
  it('prints one JSON object as the last stdout line and writes a self-contained report', async () => {
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
    const lines = run.stdout.trim().split('\n');
    const result = JSON.parse(lines.at(-1) as string);
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
