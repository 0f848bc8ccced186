import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { measureBundles, prepareBundles } from '../src/bundles.js';

const outdir = mkdtempSync(join(tmpdir(), 'cwagg-bench-bundles-'));
afterAll(() => rmSync(outdir, { recursive: true, force: true }));

describe('handler bundles', () => {
  it('bundles the comparison handlers, finds the built cwagg handler, and measures size and cold import', async () => {
    const files = await prepareBundles(['aggregated', 'sdkOnly', 'powertools'], outdir);
    expect(files.sdkOnly).toBe(join(outdir, 'sdkOnly', 'index.mjs'));
    expect(existsSync(join(outdir, 'sdkOnly', 'chunks'))).toBe(true);
    expect(files.aggregated).toMatch(/lambda-aggregated[/\\]dist[/\\]lambda[/\\]index\.mjs$/);
    const figures = await measureBundles(files, 1);
    for (const name of ['aggregated', 'sdkOnly', 'powertools'] as const) {
      const bundle = figures[name];
      expect(existsSync(bundle.file)).toBe(true);
      expect(bundle.gzipBytes).toBeGreaterThan(0);
      expect(bundle.gzipBytes).toBeLessThan(bundle.bytes);
      expect(bundle.importMs.samples).toBe(1);
      expect(bundle.importMs.median).toBeGreaterThan(0);
      expect(bundle.importCpuMs.median).toBeGreaterThan(0);
      expect(bundle.importCpuMsByRound).toEqual([bundle.importCpuMs.median]);
      // The whole package holds what a cold start loads, and maybe chunks loaded on demand.
      expect(bundle.total.files).toBeGreaterThanOrEqual(bundle.coldStartFiles);
      expect(bundle.total.bytes).toBeGreaterThanOrEqual(bundle.bytes);
      expect(bundle.total.gzipBytes).toBeGreaterThanOrEqual(bundle.gzipBytes);
    }
    // The aggregated handler loads its tumbling windows and field mapping on demand: not at cold start.
    expect(figures.aggregated.total.bytes - figures.aggregated.bytes).toBeGreaterThan(20_000);
    // The SDK is in both SDK bundles; Powertools writes EMF and needs no SDK.
    expect(figures.sdkOnly.bytes).toBeGreaterThan(100_000);
    expect(figures.powertools.bytes).toBeLessThan(figures.sdkOnly.bytes / 5);
    // cwagg's own code, gzipped alone: part of the aggregated bundle's gzip size, and absent from the others.
    expect(figures.aggregated.cwaggCodeGzipBytes).toBeGreaterThan(1_000);
    expect(figures.aggregated.cwaggCodeGzipBytes).toBeLessThan(
      figures.aggregated.gzipBytes - figures.sdkOnly.gzipBytes / 2,
    );
    expect(figures.sdkOnly.cwaggCodeGzipBytes).toBe(0);
    expect(figures.powertools.cwaggCodeGzipBytes).toBe(0);
  });
});
