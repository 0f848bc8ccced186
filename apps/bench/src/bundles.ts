/**
 * Cold start: the size of each handler bundle (plain and gzip) and the time a fresh Node process takes to
 * import it. The cwagg handlers come built by their apps; the comparison handlers (src/handlers) are bundled
 * here by the build of packages/local-lambda/scripts/bundle-lambda.mjs, so every bundle is made the same way.
 *
 * A bundle is index.mjs and chunks (code split at dynamic imports). Its size is counted twice: what a cold
 * start loads (index.mjs and the chunks it imports statically, transitively), which the targets compare, and
 * all of its code (every file but the source maps), shown beside it.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { bundleLayout } from '@cwagg/local-lambda/bundle-layout';
import { buildLambdaBundle, ENTRY_FILE } from '@cwagg/local-lambda/lambda-build-options';
import { bytesByOrigin, cwaggCodeOf } from './bundle-origins.js';
import { LAMBDA_ENVIRONMENT } from './child.js';
import { distPath } from './paths.js';
import { type Summary, summarize } from './timing-summary.js';

const run = promisify(execFile);

export const BUNDLE_NAMES = ['aggregated', 'single', 'sdkOnly', 'powertools', 'embeddedMetrics'] as const;
export type BundleName = (typeof BUNDLE_NAMES)[number];

/** Comparison handlers, compiled next to this file, bundled at bench time. */
const HANDLER_SOURCES: Partial<Record<BundleName, string>> = {
  sdkOnly: 'sdk-only',
  powertools: 'powertools',
  embeddedMetrics: 'embedded-metrics',
};

/** The handler apps export their built bundle as `<app>/bundle`. */
const APP_BUNDLES: Partial<Record<BundleName, string>> = {
  aggregated: '@cwagg/lambda-aggregated/bundle',
  single: '@cwagg/lambda-single/bundle',
};

export interface BundleFigures {
  /** The entry, index.mjs. */
  file: string;
  /** What a cold start loads: the entry and the chunks it imports statically, transitively. */
  bytes: number;
  /** The same files, each gzipped on its own, added up. */
  gzipBytes: number;
  /** How many files that is (the entry and its static chunks). */
  coldStartFiles: number;
  /** The same bytes by where their code comes from (src/bundle-origins.ts): `AWS SDK`, `@cwagg/core`... */
  coldStartOrigins: Record<string, number>;
  /**
   * The cwagg packages' code a cold start loads, gzipped as one piece (0 when there is none): what cwagg's own
   * code weighs gzipped with no chunk boundaries: about the least it can add to `gzipBytes` (gzipped after the
   * SDK's code instead, it came out 0.4% smaller).
   */
  cwaggCodeGzipBytes: number;
  /** All of the bundle's code, loaded at cold start or later (every file of its directory but the maps). */
  total: { bytes: number; gzipBytes: number; files: number };
  /** Time to import the bundle in a fresh Node process (wall clock), over several spawns. */
  importMs: Summary;
  /** CPU time of the same imports: less sensitive to other load on the machine. */
  importCpuMs: Summary;
  /**
   * The same CPU times in the order taken, one per round. A round imports every bundle one after the other, so
   * the same index of two bundles was measured moments apart: their ratio leaves out the machine's drift over
   * the run (timing-summary.ts: pairedRatios).
   */
  importCpuMsByRound: number[];
}

/**
 * Bundles a comparison handler into `outdir/<name>/` (index.mjs and its chunks), exactly as the handler apps
 * are bundled; returns the entry.
 */
export async function bundleHandler(name: BundleName, outdir: string): Promise<string> {
  const source = HANDLER_SOURCES[name];
  if (source === undefined) throw new Error(`${name} is built by its own app, not by the bench`);
  const entry = distPath(`handlers/${source}.js`);
  const bundleDir = join(outdir, name);
  // Chunk names carry a hash: a stale chunk of an earlier run would count in the bundle's total.
  rmSync(bundleDir, { recursive: true, force: true });
  mkdirSync(bundleDir, { recursive: true });
  await buildLambdaBundle(entry, bundleDir);

  return join(bundleDir, ENTRY_FILE);
}

/** Where each bundle is: the apps' own builds, or a fresh build of the comparison handlers into `outdir`. */
export async function prepareBundles<Name extends BundleName>(
  names: readonly Name[],
  outdir: string,
): Promise<Record<Name, string>> {
  const files = {} as Record<Name, string>;
  for (const name of names) {
    const specifier = APP_BUNDLES[name];
    if (specifier === undefined) {
      files[name] = await bundleHandler(name, outdir);
      continue;
    }
    const file = fileURLToPath(import.meta.resolve(specifier));
    try {
      statSync(file);
    } catch {
      const app = specifier.replace(/\/bundle$/, '');
      throw new Error(`${file} is missing: build it with \`pnpm --filter ${app} run build\``);
    }
    files[name] = file;
  }
  return files;
}

/** Gzip size as bundleLayout counts it (zlib's default level); nothing at all is 0, not gzip's 20-byte frame. */
function gzipOf(text: string): number {
  return text === '' ? 0 : gzipSync(text).length;
}

/** Imports the bundle given as the first argument and prints the wall and CPU time that took, in ms. */
const IMPORT_SCRIPT = `
const cpu = process.cpuUsage();
const start = process.hrtime.bigint();
await import(process.argv[1]);
const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
const used = process.cpuUsage(cpu);
process.stdout.write(JSON.stringify({ wallMs, cpuMs: (used.user + used.system) / 1000 }));
`;

export interface ImportTime {
  wallMs: number;
  cpuMs: number;
}

/** One cold import in a fresh process, with a Lambda-like environment (region set, no network used). */
export async function importOnce(file: string): Promise<ImportTime> {
  const { stdout } = await run(
    process.execPath,
    ['--input-type=module', '-e', IMPORT_SCRIPT, pathToFileURL(file).href],
    { env: { ...process.env, ...LAMBDA_ENVIRONMENT } },
  );
  const last = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(last) as ImportTime;
  } catch {
    throw new Error(`could not read the import time of ${file} from: ${stdout}`);
  }
}

/**
 * Size and cold import time of each bundle. Spawns go round-robin over the bundles so that a change of load
 * on the machine falls on all of them alike; one unrecorded round first warms the file cache.
 */
export async function measureBundles<Name extends BundleName>(
  files: Readonly<Record<Name, string>>,
  spawns: number,
  onProgress: (message: string) => void = () => {},
): Promise<Record<Name, BundleFigures>> {
  const names = Object.keys(files) as Name[];
  const times = Object.fromEntries(names.map((name) => [name, [] as ImportTime[]])) as Record<
    Name,
    ImportTime[]
  >;
  for (const name of names) await importOnce(files[name]);
  for (let round = 0; round < spawns; round++) {
    onProgress(`import round ${round + 1}/${spawns}`);
    for (const name of names) times[name].push(await importOnce(files[name]));
  }
  const result = {} as Record<Name, BundleFigures>;
  for (const name of names) {
    const { coldStart, all } = bundleLayout(files[name]);
    result[name] = {
      file: files[name],
      bytes: coldStart.bytes,
      gzipBytes: coldStart.gzipBytes,
      coldStartFiles: coldStart.files.length,
      coldStartOrigins: bytesByOrigin(coldStart.files),
      cwaggCodeGzipBytes: gzipOf(cwaggCodeOf(coldStart.files)),
      total: { bytes: all.bytes, gzipBytes: all.gzipBytes, files: all.files.length },
      importMs: summarize(times[name].map((time) => time.wallMs)),
      importCpuMs: summarize(times[name].map((time) => time.cpuMs)),
      importCpuMsByRound: times[name].map((time) => time.cpuMs),
    };
  }
  return result;
}
