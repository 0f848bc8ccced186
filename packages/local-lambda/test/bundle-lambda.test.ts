/**
 * cwagg-bundle-lambda on a small handler with a dynamic import: index.mjs and chunks, each a module of its
 * own, with the require banner only where require is used (CommonJS code inside a chunk works), the cold-start files read from the
 * emitted imports matching esbuild's own account (so do all the files it can load, whatever else the directory
 * holds), and a zip that holds every file and is the same byte for
 * byte when built again.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { memoryIo } from '@cwagg/cli';
import { build } from 'esbuild';
import { unzipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../scripts/bundle-lambda-main.mjs';
import {
  bundleLayout,
  coldStartFiles,
  listBundleFiles,
  loadableFiles,
  staticImportsOf,
  zipEntryNames,
} from '../scripts/bundle-layout.mjs';
import { lambdaBuildOptions, REQUIRE_BANNER } from '../scripts/lambda-build-options.mjs';
import { invokeBundle } from '../src/index.js';

const directory = mkdtempSync(join(tmpdir(), 'cwagg-bundle-lambda-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

const source = join(directory, 'src');
mkdirSync(source);
const SOURCES: Record<string, string> = {
  'handler.ts': `import { shared } from './shared.js';
export const handler = async () => {
  const { lazy } = await import('./lazy.js');
  return { eager: shared('eager'), lazy: lazy() };
};`,
  'shared.ts': `export const shared = (who: string) => who + ' and shared';`,
  // The part loaded on demand, with CommonJS inside that calls require() on a built-in.
  'lazy.ts': `import { shared } from './shared.js';
import platform from './platform.cjs';
export const lazy = () => shared('LAZY_MARKER on ' + platform.name);`,
  'platform.cjs': `module.exports = { name: require('node:os').platform() };`,
};
for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(source, name), `${text}\n`);

const outdir = join(directory, 'dist', 'lambda');
const zip = join(directory, 'dist', 'lambda.zip');
const bundle = async () => {
  const io = memoryIo();
  const code = await main(['--entry', join(source, 'handler.ts'), '--outdir', outdir, '--zip', zip], io);
  expect(io.stderr.text).toBe('');
  expect(code).toBe(0);
  return io.stdout.text;
};

describe('cwagg-bundle-lambda', () => {
  it('writes index.mjs and its chunks, the require banner once where require is used and nowhere else, and the handler runs', async () => {
    const printed = await bundle();
    expect(printed).toMatch(
      /^bundled .*handler\.ts: cold start .+ in index\.mjs \+ 1 chunk, all code .+ in 3 files, zip .+\n$/,
    );
    const files = listBundleFiles(outdir);
    expect(files).toContain('index.mjs');
    expect(files).toContain('index.mjs.map');
    const chunks = files.filter((name) => name.endsWith('.mjs') && name !== 'index.mjs');
    expect(chunks).toHaveLength(2);
    for (const name of chunks) expect(name).toMatch(/^chunks\/[\w-]+-[A-Z0-9]+\.mjs$/);
    let withBanner = 0;
    for (const name of [...chunks, 'index.mjs']) {
      const code = readFileSync(join(outdir, name), 'utf8');
      const usesRequire = code.replaceAll(REQUIRE_BANNER, '').includes('require');
      expect(code.startsWith(REQUIRE_BANNER), name).toBe(usesRequire);
      expect(code.split(REQUIRE_BANNER), name).toHaveLength(usesRequire ? 2 : 1);
      if (usesRequire) withBanner++;
    }
    // The fixture's lazy chunk calls require() (CommonJS inside): the banner stays where it is needed.
    expect(withBanner).toBeGreaterThan(0);
    expect(withBanner).toBeLessThan(chunks.length + 1);

    // In a process of its own, from its directory: the chunk loaded on demand, its CommonJS require() working.
    const run = await invokeBundle(join(outdir, 'index.mjs'), [{}], { timeoutMs: 120_000 });
    expect(run.errors).toEqual([undefined]);
    expect(run.responses).toEqual([
      { eager: 'eager and shared', lazy: `LAZY_MARKER on ${process.platform} and shared` },
    ]);
  });

  it('counts at cold start the entry and what it imports statically, as esbuild accounts for them', async () => {
    await bundle();
    const entry = join(outdir, 'index.mjs');
    const coldStart = coldStartFiles(entry);
    const lazyChunk = listBundleFiles(outdir).find((name) => name.startsWith('chunks/lazy-'));
    expect(lazyChunk).toBeDefined();
    expect(readFileSync(join(outdir, lazyChunk as string), 'utf8')).toContain('LAZY_MARKER');
    expect(coldStart).not.toContain(join(outdir, lazyChunk as string));

    // esbuild's metafile of the same build: the static imports from the entry, transitively.
    const { metafile } = await build({
      ...lambdaBuildOptions(join(source, 'handler.ts'), outdir),
      metafile: true,
      write: false,
    });
    const outputs = metafile.outputs;
    const key = (file: string) => Object.keys(outputs).find((name) => resolve(name) === file) as string;
    const closureOf = (kinds: string[]) => {
      const closure = [entry];
      for (let i = 0; i < closure.length; i++) {
        for (const record of outputs[key(closure[i] as string)]?.imports ?? []) {
          const target = resolve(record.path);
          if (kinds.includes(record.kind) && !record.external && !closure.includes(target))
            closure.push(target);
        }
      }
      return closure.sort();
    };
    expect([...coldStart].sort()).toEqual(closureOf(['import-statement']));
    expect(staticImportsOf(entry).length).toBeGreaterThan(0);
    const loadable = closureOf(['import-statement', 'dynamic-import']);
    expect([...loadableFiles(entry)].sort()).toEqual(loadable);
    expect(loadable).toContain(join(outdir, lazyChunk as string));

    const { coldStart: loaded, all } = bundleLayout(entry);
    expect(loaded.files).toEqual(coldStart);
    expect(all.files).toHaveLength(3);
    expect(all.bytes).toBeGreaterThan(loaded.bytes);
    expect(all.gzipBytes).toBeGreaterThan(loaded.gzipBytes);

    // A chunk an earlier build left behind (a cached build restored over the directory keeps it) is not code
    // of this bundle: neither figure counts it.
    const stale = join(outdir, 'chunks', 'lazy-STALE000.mjs');
    writeFileSync(stale, readFileSync(join(outdir, lazyChunk as string)));
    try {
      const withStale = bundleLayout(entry);
      expect(withStale.all.files).toEqual(all.files);
      expect(withStale.all.bytes).toBe(all.bytes);
      expect(withStale.coldStart.files).toEqual(coldStart);
    } finally {
      rmSync(stale);
    }
  });

  it('zips every file of the output directory, the same bytes when built again', async () => {
    await bundle();
    const first = readFileSync(zip);
    expect(Object.keys(unzipSync(first)).sort()).toEqual(listBundleFiles(outdir));
    expect(zipEntryNames(zip).sort()).toEqual(listBundleFiles(outdir));
    for (const [name, content] of Object.entries(unzipSync(first))) {
      expect(Buffer.from(content).equals(readFileSync(join(outdir, name))), name).toBe(true);
    }
    await bundle();
    expect(readFileSync(zip).equals(first)).toBe(true);
  });
});
