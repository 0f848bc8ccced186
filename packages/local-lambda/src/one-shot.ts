/**
 * One-shot runs of a handler bundle on top of the bundle host: start it, hand it each event in turn, stop
 * it. Tests use them to prove that what is deployed (the bundle, or the zip as it ships) works alone.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { unzipSync } from 'fflate';
import { BundleInvokeError, startBundleHost } from './bundle-host.js';

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

export function invokeBundle(
  bundleFile: string,
  events: readonly unknown[],
  options: BundleRunOptions = {},
): Promise<BundleRun> {
  const run: BundleRun = { responses: [], errors: [], stdout: '', stderr: '', exitCode: null };
  const host = startBundleHost(bundleFile, {
    ...(options.env ? { env: options.env } : {}),
    onOutput: (stream, text) => {
      run[stream] += text;
    },
  });
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<BundleRun>((resolve, reject) => {
    const timer = setTimeout(() => {
      host.kill('SIGKILL');
      reject(new Error(`bundle ${bundleFile} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    (async () => {
      try {
        await host.ready;
        for (const event of events) {
          try {
            run.responses.push(await host.invoke(event));
            run.errors.push(undefined);
          } catch (error) {
            if (!(error instanceof BundleInvokeError) || error.reason !== 'handler-error') break;
            run.responses.push(undefined);
            run.errors.push(error.detail);
          }
        }
      } catch (error) {
        if (error instanceof BundleInvokeError && error.reason === 'cold-start')
          run.errors.push(error.detail);
      }
      const exit = await host.stop();
      clearTimeout(timer);
      run.exitCode = exit.code;
      resolve(run);
    })().catch(reject);
  });
}

/**
 * Writes every file of a deployment zip (index.mjs, chunks/, source maps) under `directory`, as Lambda
 * unpacks it; returns the entry, `directory/index.mjs`.
 */
export function unpackZip(zipFile: string, directory: string): string {
  for (const [name, content] of Object.entries(unzipSync(readFileSync(zipFile)))) {
    if (name.endsWith('/')) continue; // a directory entry: its files make it
    const file = join(directory, name);
    const inside = relative(directory, file);
    if (inside.startsWith('..') || isAbsolute(inside))
      throw new Error(`${zipFile}: ${name} is outside the zip`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return join(directory, 'index.mjs');
}

/**
 * Unpacks a deployment zip into a fresh directory under the system temp dir (`unpackZip`), runs it like
 * `invokeBundle`, and removes the directory: the zip is tested exactly as `aws lambda update-function-code`
 * would ship it.
 */
export async function invokeZip(
  zipFile: string,
  events: readonly unknown[],
  options: BundleRunOptions = {},
): Promise<BundleRun & { directory: string }> {
  const directory = mkdtempSync(join(tmpdir(), 'cwagg-lambda-'));
  try {
    const entry = unpackZip(zipFile, directory);
    return { ...(await invokeBundle(entry, events, options)), directory };
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
