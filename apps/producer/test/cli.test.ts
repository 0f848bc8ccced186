import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { memoryIo, runMain } from '@cwagg/cli';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { CLI_NAME } from '../src/cli/args.js';
import { createKinesisClient, generateRecords } from '../src/index.js';
import { main } from '../src/main.js';
import { readAllRecords, recordLines } from './support/kinesis.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the CLI's main in-process, as the bin does, with its output kept: no process to spawn. */
async function inProcess(...argv: string[]): Promise<Run> {
  const io = memoryIo();
  const code = await runMain(CLI_NAME, main, argv, io);
  return { code, stdout: io.stdout.text, stderr: io.stderr.text };
}

/** Runs the built CLI as a user would, outside any terminal: for what needs a process of its own. */
function cliWithEnv(env: NodeJS.ProcessEnv, ...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

const cli = (...args: string[]) => cliWithEnv({ ...process.env, AWS_REGION: '' }, ...args);

const endpoint = inject('kinesisEndpoint');
let client: KinesisClient;

beforeAll(() => {
  client = createKinesisClient({ endpoint });
});

afterAll(() => {
  client?.destroy();
});

// Each case uses its own stream: they can run side by side.
describe.concurrent('cwagg-producer', () => {
  it('--count 500 --seed 1 --create-stream sends the seed’s 500 records and says so (the built bin)', async () => {
    const run = await cli(
      '--endpoint',
      endpoint,
      '--stream',
      'cli',
      '--create-stream',
      '--count',
      '500',
      '--seed',
      '1',
    );
    expect(run.stderr).not.toContain('NodeVersionSupportWarning');
    expect(run.code).toBe(0);
    expect(run.stderr).toContain(`Sending 500 records to stream "cli" at ${endpoint}`);
    expect(run.stdout).toContain(`Sent 500 of 500 records to stream "cli" at ${endpoint}`);
    expect(run.stdout).toContain('failed: 0');
    expect(run.stdout).toContain('4 shards (created by this run)');
    expect(run.stdout).toContain('seed: 1');

    const stored = await readAllRecords(client, 'cli');
    const decoder = new TextDecoder();
    const expected = [...generateRecords({ count: 500, seed: 1 })].map((r) => ({
      partitionKey: r.partitionKey,
      data: decoder.decode(r.data),
    }));
    expect(recordLines(stored)).toEqual(recordLines(expected));
  });

  it('--json leaves stdout holding only the summary, as one JSON object', async () => {
    const run = await inProcess(
      '--endpoint',
      endpoint,
      '--stream',
      'cli-json',
      '--create-stream',
      '--shards',
      '1',
      '--count',
      '20',
      '--json',
    );
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(run.stderr).toContain('Sent 20 of 20 records');
    expect(summary).toMatchObject({
      stream: 'cli-json',
      sent: 20,
      failed: 0,
      createdStream: true,
      shards: 1,
    });
  });

  it('Ctrl-C stops sending, prints what got through and exits with 130', async () => {
    const child = spawn(
      process.execPath,
      [
        CLI,
        '--endpoint',
        endpoint,
        '--stream',
        'cli-interrupted',
        '--create-stream',
        '--shards',
        '1',
        '--count',
        '100000',
        '--rate',
        '200',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stdout = '';
    child.stdout.on('data', (chunk) => {
      stdout += String(chunk);
    });
    await once(createInterface({ input: child.stderr }), 'line'); // "Sending 100,000 records ..."
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(130);
    expect(stdout).toMatch(/^Interrupted: sent [\d,]+ of [\d,]+ records to stream "cli-interrupted"/);
  });

  it('--dry-run prints the records the same seed would send, with no AWS access', async () => {
    const template = '{"v":{{random.number(1000)}},"n":"{{name.firstName}}"}';
    const run = await inProcess('--dry-run', '--count', '5', '--seed', '3', '--template', template);
    expect(run.code).toBe(0);
    const expected = [...generateRecords({ template, count: 5, seed: 3 })].map((r) =>
      new TextDecoder().decode(r.data),
    );
    expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('fails with exit code 3 and a clear message when the stream is missing', async () => {
    const run = await inProcess('--endpoint', endpoint, '--stream', 'missing', '--count', '5');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Stream "missing" does not exist');
    expect(run.stderr).toContain('--create-stream');
  });

  it('fails with exit code 3 when the endpoint is unreachable', async () => {
    const run = await inProcess('--endpoint', 'http://127.0.0.1:9', '--stream', 'x', '--count', '5');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Cannot reach http://127.0.0.1:9');
  });

  it('fails with exit code 3 and says what to set when there are no AWS credentials', async () => {
    const home = mkdtempSync(join(tmpdir(), 'cwagg-producer-home-'));
    try {
      const noCredentials = {
        PATH: process.env.PATH ?? '',
        HOME: home, // no ~/.aws here
        AWS_CONFIG_FILE: join(home, 'config'),
        AWS_SHARED_CREDENTIALS_FILE: join(home, 'credentials'),
        AWS_EC2_METADATA_DISABLED: 'true', // no instance role to find, and no network call to look for one
      };
      const run = await cliWithEnv(noCredentials, '--region', 'eu-west-1', '--stream', 'x', '--count', '5');
      expect(run.code).toBe(3);
      expect(run.stderr).toContain('No AWS credentials found');
      expect(run.stderr).toContain('AWS_PROFILE');
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });

  it('fails with exit code 2 on bad flags and unknown placeholders, before sending', async () => {
    const badFlag = await inProcess('--stream', 'x', '--count', 'many');
    expect(badFlag).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'cwagg-producer: --count must be a whole number of at least 1, got "many"\n' +
        'Run cwagg-producer --help to see the flags.\n',
    });
    const badTemplate = await inProcess(
      '--endpoint',
      endpoint,
      '--stream',
      'cli',
      '--count',
      '5',
      '--template',
      '{{random.numbr(9)}}',
    );
    expect(badTemplate.code).toBe(2);
    expect(badTemplate.stderr).toMatch(/^cwagg-producer: the template has problems; nothing was sent\./);
    expect(badTemplate.stderr).toContain('Did you mean {{random.number}}?');
  });

  it('a misspelt flag exits 2 with the nearest flag named', async () => {
    const run = await inProcess('--', '--dry-run', '--coutn', '5');
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'cwagg-producer: unknown flag --coutn; did you mean --count?\nRun cwagg-producer --help to see the flags.\n',
    );
  });

  it('-- --help (as `pnpm producer -- --help` passes it) documents every flag on stdout and exits 0', async () => {
    const run = await inProcess('--', '--help');
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    for (const flag of [
      '--stream',
      '--region',
      '--endpoint',
      '--template',
      '--count',
      '--duration',
      '--rate',
      '--partition-key',
      '--seed',
      '--dry-run',
      '--create-stream',
      '--shards',
    ]) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain(
      'Exit codes: 0 every record accepted; 1 some records failed; 2 bad flags or template; 3 ',
    );
  });
});
