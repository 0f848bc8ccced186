/**
 * Runs a Lambda handler bundle the way Lambda runs it: a fresh Node process, only the environment given,
 * the bundle loaded from its own directory (no node_modules to lean on), its `handler` awaited for each
 * event in turn, warm between events. Tests use it to prove that what is deployed works on its own.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { unzipSync } from 'fflate';

export interface BundleRun {
  /** The handler's answer per event, in order (undefined where it threw). */
  responses: unknown[];
  /** The error message per event where the handler threw, or for a failed cold start. */
  errors: (string | undefined)[];
  /** What the function printed (its structured logs). */
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

export interface BundleRunOptions {
  env?: Readonly<Record<string, string>>;
  timeoutMs?: number;
}

// The child: import the bundle, await the handler per event, send each outcome over IPC.
const CHILD = `
const bundle = process.argv[1];
process.once('message', async (events) => {
  let module;
  try {
    module = await import(bundle);
  } catch (error) {
    process.send({ coldStartError: String(error && error.stack || error) });
    return process.disconnect();
  }
  for (const event of events) {
    try {
      process.send({ response: await module.handler(event) });
    } catch (error) {
      process.send({ error: String(error && error.stack || error) });
    }
  }
  process.disconnect();
});
`;

export function invokeBundle(
  bundleFile: string,
  events: readonly unknown[],
  options: BundleRunOptions = {},
): Promise<BundleRun> {
  const child = spawn(
    process.execPath,
    ['--input-type=module', '-e', CHILD, pathToFileURL(bundleFile).href],
    {
      cwd: dirname(bundleFile),
      env: { ...options.env },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    },
  );
  const run: BundleRun = { responses: [], errors: [], stdout: '', stderr: '', exitCode: null };
  child.stdout?.on('data', (chunk: Buffer) => {
    run.stdout += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    run.stderr += chunk.toString();
  });
  child.on('message', (message: { response?: unknown; error?: string; coldStartError?: string }) => {
    if (message.coldStartError !== undefined) {
      run.errors.push(message.coldStartError);
      return;
    }
    run.responses.push(message.response);
    run.errors.push(message.error);
  });
  child.send(events);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`bundle ${bundleFile} did not finish within ${options.timeoutMs ?? 60_000} ms`));
    }, options.timeoutMs ?? 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      run.exitCode = code;
      resolve(run);
    });
  });
}

/**
 * Unpacks a deployment zip into a fresh directory under the system temp dir, runs it like `invokeBundle`,
 * and removes the directory: the zip is tested exactly as `aws lambda update-function-code` would ship it.
 */
export async function invokeZip(
  zipFile: string,
  events: readonly unknown[],
  options: BundleRunOptions = {},
): Promise<BundleRun & { directory: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'cwagg-lambda-'));
  try {
    for (const [name, content] of Object.entries(unzipSync(readFileSync(zipFile)))) {
      writeFileSync(join(directory, name), content);
    }
    return { ...(await invokeBundle(join(directory, 'index.mjs'), events, options)), directory };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
