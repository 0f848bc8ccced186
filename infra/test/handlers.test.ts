import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { TYPE_BY_KIND } from '@cwagg/kinesis';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AGGREGATED_HANDLER,
  BUNDLE_ENTRY_FILE,
  checkedBundleDir,
  defaultBundleDir,
  HANDLERS,
  infraPackageDir,
  LAMBDA_HANDLER,
  MissingBundleError,
  SINGLE_HANDLER,
} from '../lib/handlers.js';

const scratch = mkdtempSync(join(tmpdir(), 'cwagg-infra-handlers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the two handlers infra deploys', () => {
  it('are told apart everywhere: stack, package, function name and Type dimension', () => {
    expect(HANDLERS).toEqual([SINGLE_HANDLER, AGGREGATED_HANDLER]);
    for (const field of [
      'kind',
      'stackId',
      'packageName',
      'functionName',
      'typeDimension',
      'title',
    ] as const) {
      expect(new Set(HANDLERS.map((handler) => handler[field])).size, field).toBe(2);
    }
    for (const handler of HANDLERS) {
      // The dashboard reads the metrics the handler publishes under this dimension value.
      expect(handler.typeDimension).toBe(TYPE_BY_KIND[handler.kind]);
      expect(handler.packageName).toBe(`@cwagg/lambda-${handler.kind}`);
    }
    // Lambda's handler string names the bundle's entry file.
    expect(LAMBDA_HANDLER.split('.')[0]).toBe(BUNDLE_ENTRY_FILE.replace(/\.mjs$/, ''));
  });
});

describe('handler bundles', () => {
  it('are found from infra’s own package directory', () => {
    const manifest = JSON.parse(readFileSync(join(infraPackageDir(), 'package.json'), 'utf8'));
    expect(manifest.name).toBe('@cwagg/infra');
  });

  it("come from each handler app's dist/lambda, through infra's workspace dependency", () => {
    for (const handler of [SINGLE_HANDLER, AGGREGATED_HANDLER]) {
      const dir = defaultBundleDir(handler);
      expect(dir).toBe(join(infraPackageDir(), 'node_modules', handler.packageName, 'dist', 'lambda'));
      // The workspace link resolves to the app inside this repository.
      const app = realpathSync(join(infraPackageDir(), 'node_modules', handler.packageName));
      expect(app.endsWith(`${sep}apps${sep}lambda-${handler.kind}`)).toBe(true);
    }
  });

  it('are taken when the entry file is there, and explained when it is not', () => {
    const built = join(scratch, 'built');
    mkdirSync(built);
    writeFileSync(join(built, BUNDLE_ENTRY_FILE), 'export const handler = async () => ({});');
    expect(checkedBundleDir(SINGLE_HANDLER, built)).toBe(built);

    const empty = join(scratch, 'empty');
    mkdirSync(empty);
    let error: unknown;
    try {
      checkedBundleDir(AGGREGATED_HANDLER, empty);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingBundleError);
    expect(error).toMatchObject({ name: 'MissingBundleError' });
    expect((error as Error).message).toBe(
      `The @cwagg/lambda-aggregated Lambda bundle is missing: ${join(empty, BUNDLE_ENTRY_FILE)} does not exist.\n` +
        'Build it first: pnpm --filter @cwagg/lambda-aggregated run build ' +
        '(pnpm --filter @cwagg/infra synth builds both handlers through turbo before synthesizing).',
    );
  });
});
