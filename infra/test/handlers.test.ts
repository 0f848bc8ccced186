import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { TYPE_BY_KIND } from '@cwagg/kinesis';
import { strToU8, zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import {
  AGGREGATED_HANDLER,
  BUNDLE_ENTRY_FILE,
  checkedBundle,
  defaultBundle,
  HANDLERS,
  infraPackageDir,
  LAMBDA_HANDLER,
  MissingBundleError,
  SINGLE_HANDLER,
} from '../lib/handlers.js';

const scratch = mkdtempSync(join(tmpdir(), 'cwagg-infra-handlers-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const HANDLER_SOURCE = 'export const handler = async () => ({});';

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

  it("come from each handler app's dist/lambda.zip, through infra's workspace dependency", () => {
    for (const handler of [SINGLE_HANDLER, AGGREGATED_HANDLER]) {
      const bundle = defaultBundle(handler);
      expect(bundle).toBe(join(infraPackageDir(), 'node_modules', handler.packageName, 'dist', 'lambda.zip'));
      // The workspace link resolves to the app inside this repository.
      const app = realpathSync(join(infraPackageDir(), 'node_modules', handler.packageName));
      expect(app.endsWith(`${sep}apps${sep}lambda-${handler.kind}`)).toBe(true);
    }
  });

  it('are taken as a zip holding the entry file, or a directory holding it', () => {
    const zip = join(scratch, 'built.zip');
    writeFileSync(
      zip,
      zipSync({ [BUNDLE_ENTRY_FILE]: strToU8(HANDLER_SOURCE), 'chunks/a.mjs': strToU8('') }),
    );
    expect(checkedBundle(SINGLE_HANDLER, zip)).toBe(zip);

    const built = join(scratch, 'built');
    mkdirSync(built);
    writeFileSync(join(built, BUNDLE_ENTRY_FILE), HANDLER_SOURCE);
    expect(checkedBundle(SINGLE_HANDLER, built)).toBe(built);
  });

  const emptyDir = join(scratch, 'empty');
  const notBuilt = join(scratch, 'not-built', 'lambda.zip');
  const withoutEntry = join(scratch, 'without-entry.zip');
  const notZip = join(scratch, 'not-a.zip');
  it.each([
    ['a file that does not exist', notBuilt, `${notBuilt} does not exist`],
    ['a directory without the entry file', emptyDir, `${join(emptyDir, BUNDLE_ENTRY_FILE)} does not exist`],
    [
      'a zip without the entry file at its top',
      withoutEntry,
      `${withoutEntry} holds no ${BUNDLE_ENTRY_FILE}`,
    ],
    ['a file that is not a zip', notZip, `${notZip} is not a zip file (`],
  ])('are refused, with how to build them, when given %s', (_, bundle, problem) => {
    mkdirSync(emptyDir, { recursive: true });
    writeFileSync(withoutEntry, zipSync({ [`lambda/${BUNDLE_ENTRY_FILE}`]: strToU8(HANDLER_SOURCE) }));
    writeFileSync(notZip, HANDLER_SOURCE);
    let error: unknown;
    try {
      checkedBundle(AGGREGATED_HANDLER, bundle);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingBundleError);
    expect(error).toMatchObject({ name: 'MissingBundleError' });
    const [first, second] = (error as Error).message.split('\n');
    expect(first).toContain(`The @cwagg/lambda-aggregated Lambda bundle is missing: ${problem}`);
    expect(second).toBe(
      'Build it first: pnpm --filter @cwagg/lambda-aggregated run build ' +
        '(pnpm --filter @cwagg/infra synth builds both handlers through turbo before synthesizing).',
    );
  });
});
