import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { distPath } from '../src/paths.js';

const run = promisify(execFile);
const CLI = distPath('cli.js');

async function bench(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

describe('pnpm bench', () => {
  it('--help documents the options', async () => {
    const { code, stdout } = await bench(['--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--quick',
      '--json',
      '--only',
      '--price-per-1000',
      '--log-price-per-gb',
      '--profile',
    ]) {
      expect(stdout).toContain(flag);
    }
  });

  it('a bad flag exits 2 with a message', async () => {
    const { code, stderr } = await bench(['--workloads', 'everything']);
    expect(code).toBe(2);
    expect(stderr).toContain('--workloads: expected a comma-separated list');
  });

  it('--json ends stdout with one object holding every headline field', async () => {
    const { code, stdout, stderr } = await bench([
      '--json',
      '--phases',
      'measure,cost',
      '--workloads',
      'original10000',
      '--only',
      'cwagg,baseline,powertools,embeddedMetrics',
      '--records',
      '10000',
      '--processes',
      '1',
      '--repetitions',
      '1',
    ]);
    expect(code).toBe(0);
    expect(stderr).toContain('measure original10000: cwagg');
    const lines = stdout.trim().split('\n');
    const summary = JSON.parse(lines[lines.length - 1] as string);
    for (const name of ['cwagg', 'baseline', 'powertools', 'embeddedMetrics']) {
      expect(summary.nsPerRecord[name]).toBeGreaterThan(0);
    }
    expect(summary.callsPerMillionRecords.batch10000).toEqual({ cwagg: 100, single: 1_000_000 });
    // Not run: present, and null.
    expect(summary.callsPerMillionRecords.batch150).toEqual({ cwagg: null, single: null });
    expect(summary.bundle).toEqual({ aggregated: null, sdkOnly: null, powertools: null });
    expect(summary.cost.original10000.statisticsAgree).toBe(true);
    expect(summary.machine.cpus).toBeGreaterThan(0);
    // The Markdown report comes before it.
    expect(stdout).toContain('## CPU per record');
  });
});
