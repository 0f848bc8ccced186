import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { kinesisClient } from './support/stream.js';

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  server.close();
  await once(server, 'close');
  return port;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

describe('startKinesisLocal, through cwagg-kinesis-local', () => {
  const cliPath = fileURLToPath(new URL('../dist/kinesis-local-cli.js', import.meta.url));

  async function start(...args: string[]) {
    const port = await freePort();
    const child = spawn(process.execPath, [cliPath, '--port', String(port), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stderr: string[] = [];
    child.stderr.on('data', (chunk) => stderr.push(String(chunk)));
    const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
    const emulatorPid = Number(/pid (\d+)/.exec(line)?.[1]);
    expect(line).toContain(`listening on http://127.0.0.1:${port}`);
    expect(alive(emulatorPid)).toBe(true);
    return { child, emulatorPid, port, stderr };
  }

  async function expectGone(pid: number): Promise<void> {
    const gone = await waitUntilGone(pid, 10_000);
    if (!gone) process.kill(pid, 'SIGKILL'); // clean up before failing
    expect(gone).toBe(true);
  }

  it('serves the SDK on the port asked for, sends its log lines to the sink, and stops on Ctrl-C', async () => {
    const { child, emulatorPid, port, stderr } = await start('--log-level', 'INFO');
    const client = kinesisClient({ endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1' });
    try {
      expect((await client.send(new ListStreamsCommand({}))).StreamNames).toEqual([]);
    } finally {
      client.destroy();
    }
    child.kill('SIGINT');
    const [code] = await once(child, 'exit');
    expect(code).toBe(0); // stop() resolved and the process ended normally
    await expectGone(emulatorPid);
    expect(stderr.join('')).toMatch(/INFO/); // the emulator's INFO lines reached the log sink
  });

  it('does not outlive a parent that is killed outright', async () => {
    const { child, emulatorPid } = await start();
    child.kill('SIGKILL'); // no exit hook runs: the emulator must notice its stdin close
    await once(child, 'exit');
    await expectGone(emulatorPid);
  });
});
