/**
 * Reruns every row of RELIABILITY.md and prints the figures: the reliability suites of four packages with
 * CWAGG_LONG=1 (bigger runs than CI's), then `pnpm demo` with faults and malformed records. Each suite
 * appends its measured rows to a JSON-lines file (CWAGG_RELIABILITY_OUT); this script collects them.
 *
 * Run from anywhere: `pnpm --filter @cwagg/local reliability` (build first: `pnpm build`). Plain JS, run
 * from the built @cwagg/cli; reliability.mjs is its entry point, this module its main (tests import it).
 */
import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeExitCodes, EXIT, formatBytes, formatHelp, parseFlags, UsageError } from '@cwagg/cli';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

export const CLI_NAME = 'cwagg-reliability';

/** @satisfies {import('@cwagg/cli').FlagTable} */
export const FLAGS = /** @type {const} */ ({
  only: {
    type: 'string',
    value: 'TEXT',
    description: 'run only the steps whose name contains TEXT (e.g. --only kinesis, --only demo)',
  },
  quick: {
    type: 'boolean',
    description: 'CI-sized runs (no CWAGG_LONG), and the demo with 2,000 records: a few minutes',
  },
  out: { type: 'string', value: 'FILE', description: 'also write every measured row there as JSON lines' },
  list: { type: 'boolean', description: 'list the steps and exit' },
});

export const HELP = formatHelp({
  usage: 'Usage: pnpm --filter @cwagg/local reliability [-- flags]',
  intro:
    'Reruns the rows of apps/local/RELIABILITY.md and prints their figures (takes about an hour on 2 cores).\n' +
    'Steps need the packages built (pnpm build at the repository root).',
  flags: FLAGS,
  notes: describeExitCodes({ ok: 'every step passed', failed: 'a step failed (they are listed at the end)' }),
});

/** Each step: a package's suites under vitest, or one demo run. */
const STEPS = [
  { name: 'kinesis: hostile records', filter: '@cwagg/kinesis', files: ['test/hostile-records.test.ts'] },
  {
    name: 'cloudwatch-local: the endpoint under abuse',
    filter: '@cwagg/cloudwatch-local',
    files: [
      'test/abuse-endpoint.test.ts',
      'test/abuse-wide-metrics.test.ts',
      'test/abuse-slow-clients.test.ts',
      'test/abuse-memory.test.ts',
      'test/abuse-cbor.test.ts',
      'test/origins.test.ts',
    ],
  },
  {
    name: 'producer: partial failures',
    filter: '@cwagg/producer',
    files: ['test/reliability-partial-failure.test.ts'],
  },
  { name: 'local: faults', filter: '@cwagg/local', files: ['test/reliability-faults.test.ts'] },
  { name: 'local: kills and restarts', filter: '@cwagg/local', files: ['test/reliability-kill.test.ts'] },
  { name: 'local: load', filter: '@cwagg/local', files: ['test/reliability-load.test.ts'] },
  {
    name: 'local: tumbling windows',
    filter: '@cwagg/local',
    files: ['test/reliability-windows.test.ts'],
  },
  { name: 'demo: no faults', demo: { faultRate: 0, badRatio: 0.05 } },
  { name: 'demo: 10% faults', demo: { faultRate: 0.1, badRatio: 0.05 } },
  { name: 'demo: 30% faults with 5% bad records', demo: { faultRate: 0.3, badRatio: 0.05 } },
];

function run(command, args, env, io) {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      cwd: ROOT,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      io.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout }));
  });
}

function machine() {
  const commit = (() => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return 'unknown';
    }
  })();
  return {
    date: new Date().toISOString(),
    commit,
    cpus: `${cpus().length} x ${cpus()[0]?.model ?? 'unknown CPU'}`,
    memory: formatBytes(totalmem()),
    freeMemory: formatBytes(freemem()),
    loadAverage: loadavg()
      .map((n) => n.toFixed(1))
      .join(' '),
    node: process.version,
  };
}

/** One-line summary of a row's figures for the terminal. */
function summary(row) {
  const { suite: _suite, row: _row, ...figures } = row;
  return Object.entries(figures)
    .map(([key, value]) => `${key}=${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(' ');
}

/** @type {import('@cwagg/cli').CliMain} */
export async function main(argv, io) {
  const parsed = parseFlags(argv, FLAGS);
  if (parsed.help) {
    io.stdout.write(HELP);
    return EXIT.ok;
  }
  const options = parsed.values;
  const log = (line = '') => io.stdout.write(`${line}\n`);
  const steps = STEPS.filter((step) => !options.only || step.name.includes(options.only));
  if (options.list) {
    for (const step of STEPS) log(step.name);
    return EXIT.ok;
  }
  if (steps.length === 0) throw new UsageError(`--only ${options.only}: no step matches (see --list)`);
  const dir = mkdtempSync(join(tmpdir(), 'cwagg-reliability-'));
  const figures = join(dir, 'figures.jsonl');
  writeFileSync(figures, '');
  const env = {
    CWAGG_RELIABILITY_OUT: figures,
    ...(options.quick ? {} : { CWAGG_LONG: '1' }),
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    TURBO_TELEMETRY_DISABLED: '1',
  };
  const records = options.quick ? 2_000 : 20_000;
  const failures = [];
  const before = machine();
  log(`cwagg reliability: ${steps.length} step(s), ${options.quick ? 'CI-sized' : 'long'} runs`);
  log(`machine: ${before.cpus}, ${before.memory}, Node ${before.node}, load ${before.loadAverage}`);
  try {
    for (const step of steps) {
      const started = Date.now();
      log(`\n== ${step.name}`);
      let result;
      let command;
      if (step.demo) {
        const args = [
          'apps/local/dist/cli.js',
          '--records',
          String(records),
          '--fault-rate',
          String(step.demo.faultRate),
          '--bad-ratio',
          String(step.demo.badRatio),
          '--seed',
          '7',
          '--json',
        ];
        command = `pnpm demo ${args.slice(1).join(' ')}`;
        result = await run(process.execPath, args, env, io);
        const last = result.stdout.trim().split('\n').at(-1) ?? '';
        try {
          const demo = JSON.parse(last);
          const valid = demo.records - demo.invalid;
          appendFileSync(
            figures,
            `${JSON.stringify({
              suite: 'pnpm demo',
              row: `demo-${step.demo.faultRate}`,
              faultRate: step.demo.faultRate,
              records: demo.records,
              valid,
              invalid: demo.invalid,
              aggregatedSampleCount: demo.aggregated.stats.SampleCount,
              aggregatedLost: Math.max(0, valid - demo.aggregated.stats.SampleCount),
              aggregatedDoubled: Math.max(0, demo.aggregated.stats.SampleCount - valid),
              aggregatedCalls: demo.aggregated.putMetricDataCalls,
              singleSampleCount: demo.single.stats.SampleCount,
              singleDoubled: demo.single.stats.SampleCount - valid,
              singleCalls: demo.single.putMetricDataCalls,
              singleBatchRetries: demo.single.retries,
              givenUp: demo.single.givenUp.length + demo.aggregated.givenUp.length,
              elapsedSeconds: demo.elapsedMs / 1000,
            })}\n`,
          );
        } catch {
          failures.push(`${step.name}: no JSON result`);
        }
      } else {
        const args = [
          '--filter',
          step.filter,
          'exec',
          'vitest',
          'run',
          ...step.files,
          '--testTimeout=7200000',
          '--hookTimeout=600000',
        ];
        command = `CWAGG_LONG=1 pnpm ${args.join(' ')}`;
        result = await run('pnpm', args, env, io);
      }
      const seconds = ((Date.now() - started) / 1000).toFixed(0);
      if (result.code !== 0) failures.push(`${step.name}: exit status ${result.code}`);
      log(`-- ${step.name}: ${result.code === 0 ? 'passed' : 'FAILED'} in ${seconds} s (${command})`);
    }
    const rows = readFileSync(figures, 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    log('\n== figures');
    for (const row of rows) log(`${row.suite} ${row.row}: ${summary(row)}`);
    const after = machine();
    log(
      `\nran ${before.date} .. ${after.date} at commit ${before.commit}; load average at the end ${after.loadAverage}`,
    );
    if (options.out) {
      writeFileSync(options.out, `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`);
      log(`rows written to ${options.out}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (failures.length > 0) {
    io.stderr.write(`\n${CLI_NAME}: ${failures.length} step(s) failed:\n  ${failures.join('\n  ')}\n`);
    return EXIT.failed;
  }
  return EXIT.ok;
}
