import { execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { KinesisClient } from '@aws-sdk/client-kinesis';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createKinesisClient, generateRecords } from '../src/index.js';
import { readAllRecords, recordLines } from './support/kinesis.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the built CLI as a user would, outside any terminal. */
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

// Each case runs its own CLI process against its own stream: they can run side by side.
describe.concurrent('cwagg-producer', () => {
  it('--count 500 --seed 1 --create-stream sends the seed’s 500 records and says so', async () => {
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

  it('--json ends stdout with the summary as one JSON object', async () => {
    const run = await cli(
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
    const summary = JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '');
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
    const run = await cli('--dry-run', '--count', '5', '--seed', '3', '--template', template);
    expect(run.code).toBe(0);
    const expected = [...generateRecords({ template, count: 5, seed: 3 })].map((r) =>
      new TextDecoder().decode(r.data),
    );
    expect(run.stdout.trimEnd().split('\n')).toEqual(expected);
  });

  it('fails with exit code 3 and a clear message when the stream is missing', async () => {
    const run = await cli('--endpoint', endpoint, '--stream', 'missing', '--count', '5');
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('Stream "missing" does not exist');
    expect(run.stderr).toContain('--create-stream');
  });

  it('fails with exit code 3 when the endpoint is unreachable', async () => {
    const run = await cli('--endpoint', 'http://127.0.0.1:9', '--stream', 'x', '--count', '5');
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
    const badFlag = await cli('--stream', 'x', '--count', 'many');
    expect(badFlag.code).toBe(2);
    expect(badFlag.stderr).toContain('--count many');
    const badTemplate = await cli(
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
    expect(badTemplate.stderr).toContain('nothing was sent');
    expect(badTemplate.stderr).toContain('Did you mean {{random.number}}?');
  });

  it('--help documents every flag', async () => {
    const run = await cli('--help');
    expect(run.code).toBe(0);
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
  });
});
