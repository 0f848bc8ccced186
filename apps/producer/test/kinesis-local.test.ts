import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { createKinesisClient } from '../src/index.js';
import { startKinesisLocal } from '../src/kinesis-local.js';

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

describe('startKinesisLocal', () => {
  it('answers on a free port with the SDK, keeps its output to itself, and stop() ends it', async () => {
    const lines: string[] = [];
    const kinesis = await startKinesisLocal({ logLevel: 'INFO', log: (line) => lines.push(line) });
    try {
      expect(kinesis.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const client = createKinesisClient({ endpoint: kinesis.endpoint });
      try {
        const out = await client.send(new ListStreamsCommand({}));
        expect(out.StreamNames).toEqual([]);
      } finally {
        client.destroy();
      }
      expect(alive(kinesis.pid)).toBe(true);
    } finally {
      await kinesis.stop();
      await kinesis.stop(); // twice is fine
    }
    expect(alive(kinesis.pid)).toBe(false);
    expect(lines.length).toBeGreaterThan(0); // INFO lines went to our sink, not the terminal
  });

  it('does not outlive a parent that is killed outright', async () => {
    const module = fileURLToPath(new URL('../dist/kinesis-local.js', import.meta.url));
    const script = `const { startKinesisLocal } = await import(${JSON.stringify(module)});
      const k = await startKinesisLocal(); console.log(k.pid); setInterval(() => {}, 1000);`;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const [line] = (await once(createInterface({ input: parent.stdout }), 'line')) as [string];
    const emulatorPid = Number(line);
    expect(alive(emulatorPid)).toBe(true);
    parent.kill('SIGKILL');
    await once(parent, 'exit');
    const gone = await waitUntilGone(emulatorPid, 10_000);
    if (!gone) process.kill(emulatorPid, 'SIGKILL'); // clean up before failing
    expect(gone).toBe(true);
  });
});
