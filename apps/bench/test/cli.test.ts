import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { memoryIo, runMain } from '@cwagg/cli';
import { describe, expect, it } from 'vitest';
import { main } from '../src/main.js';
import { CLI_NAME } from '../src/options.js';
import { distPath } from '../src/paths.js';

const run = promisify(execFile);
const CLI = distPath('cli.js');

/** The built bin, as `pnpm bench` runs it. */
async function bench(args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { maxBuffer: 16 * 1024 * 1024 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** The CLI's main in-process, with its output kept. */
async function inProcess(...argv: string[]) {
  const io = memoryIo();
  const code = await runMain(CLI_NAME, main, argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

describe('pnpm bench', () => {
  it('-- --help (as `pnpm bench -- --help` passes it) documents the flags on stdout', async () => {
    const { code, stdout, stderr } = await inProcess('--', '--help');
    expect(code).toBe(0);
    expect(stderr).toBe('');
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

  it('a bad or misspelt flag exits 2 with one line and a pointer to --help', async () => {
    const bad = await inProcess('--workloads', 'everything');
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr).toMatch(
      /^cwagg-bench: --workloads must be a comma-separated list of original10000, original150, /,
    );
    expect(await inProcess('--', '--recrods', '5')).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cwagg-bench: unknown flag --recrods; did you mean --records?\nRun cwagg-bench --help to see the flags.\n',
    });
  });

  it('--json leaves stdout holding only the JSON object with the headline figures (the built bin)', async () => {
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
    expect(stdout.trim().split('\n')).toHaveLength(1);
    const summary = JSON.parse(stdout);
    for (const name of ['cwagg', 'baseline', 'powertools', 'embeddedMetrics']) {
      expect(summary.nsPerRecord[name]).toBeGreaterThan(0);
    }
    expect(summary.callsPerMillionRecords.batch10000).toEqual({ cwagg: 100, single: 1_000_000 });
    // Not run: present, and null.
    expect(summary.callsPerMillionRecords.batch150).toEqual({ cwagg: null, single: null });
    expect(summary.bundle).toEqual({ aggregated: null, sdkOnly: null, powertools: null });
    expect(summary.cost.original10000.statisticsAgree).toBe(true);
    expect(summary.machine.cpus).toBeGreaterThan(0);
    // The Markdown report goes to stderr instead.
    expect(stderr).toContain('## CPU per record');
  });
});
