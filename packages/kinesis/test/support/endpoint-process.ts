/**
 * @cwagg/cloudwatch-local in a child process: a test that drives thousands of SDK calls then uses both
 * cores (the SDK's signing on one, the endpoint on the other) instead of sharing the test's thread.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { CloudWatchLocalStats } from '@cwagg/cloudwatch-local';

export interface EndpointProcess {
  endpoint: string;
  stats(): Promise<CloudWatchLocalStats>;
  stop(): Promise<void>;
}

export async function startEndpointProcess(): Promise<EndpointProcess> {
  // The workspace links the devDependency here; its CLI is the built one.
  const cli = fileURLToPath(
    new URL('../../node_modules/@cwagg/cloudwatch-local/dist/cli.js', import.meta.url),
  );
  const child: ChildProcess = spawn(process.execPath, [cli, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const endpoint = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
    child.once('exit', (code) => reject(new Error(`cloudwatch-local exited with ${code}: ${output}`)));
  });
  return {
    endpoint,
    stats: async () => (await fetch(`${endpoint}/_cwagg/stats`)).json() as Promise<CloudWatchLocalStats>,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
