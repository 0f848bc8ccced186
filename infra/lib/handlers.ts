import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPE_BY_KIND } from '@cwagg/kinesis';
import { BUNDLE_ZIP, ENTRY_FILE, zipEntryNames } from '@cwagg/local-lambda/bundle-layout';

/** The two handler apps infra deploys, as the handlers describe themselves in CloudWatch. */
export interface HandlerSpec {
  readonly kind: 'single' | 'aggregated';
  /** Stable CDK stack id; the root scripts and the README use it. */
  readonly stackId: string;
  /** Workspace package that builds the bundle (a dependency of infra, so turbo builds it first). */
  readonly packageName: string;
  /**
   * Fixed function name: the dashboard finds the function's Lambda metrics by it without importing
   * anything from the function's stack, so either function stack deploys on its own.
   */
  readonly functionName: string;
  /** The `Type` dimension the handler adds to every metric it publishes. */
  readonly typeDimension: string;
  /** Short human title for descriptions and the dashboard. */
  readonly title: string;
}

export const SINGLE_HANDLER: HandlerSpec = {
  kind: 'single',
  stackId: 'CwaggSingle',
  packageName: '@cwagg/lambda-single',
  functionName: 'cwagg-single',
  typeDimension: TYPE_BY_KIND.single,
  title: 'single value (one call per record)',
};

export const AGGREGATED_HANDLER: HandlerSpec = {
  kind: 'aggregated',
  stackId: 'CwaggAggregated',
  packageName: '@cwagg/lambda-aggregated',
  functionName: 'cwagg-aggregated',
  typeDimension: TYPE_BY_KIND.aggregated,
  title: 'values and counts (aggregated per batch)',
};

export const HANDLERS: readonly HandlerSpec[] = [SINGLE_HANDLER, AGGREGATED_HANDLER];

/** The file the Lambda handler string `index.handler` points at, inside a bundle: the bundler's entry. */
export const BUNDLE_ENTRY_FILE = ENTRY_FILE;
export const LAMBDA_HANDLER = 'index.handler';

/** Thrown at synth when a handler app has not been built, so there is nothing to deploy. */
export class MissingBundleError extends Error {
  override name = 'MissingBundleError';
}

/** The directory of the @cwagg/infra package, from this module's location (lib/ or dist/lib/). */
export function infraPackageDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, 'utf8')).name === '@cwagg/infra')
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the @cwagg/infra package.json above this module');
    dir = parent;
  }
}

/**
 * The deployment package a handler app builds: `<app>/dist/lambda.zip`, every file of the bundle directory
 * (index.mjs, the chunks it imports in chunks/, source maps), reached through infra's own workspace link to the
 * app. The zip, not the directory: the bundler writes the zip right after emptying the directory, while a
 * build that turbo restores from its cache is copied over the directory without removing the chunks of an
 * earlier build, which a deployed directory would carry along.
 */
export function defaultBundle(handler: HandlerSpec): string {
  return join(infraPackageDir(), 'node_modules', handler.packageName, BUNDLE_ZIP);
}

function missing(handler: HandlerSpec, what: string): MissingBundleError {
  return new MissingBundleError(
    `The ${handler.packageName} Lambda bundle is missing: ${what}.\n` +
      `Build it first: pnpm --filter ${handler.packageName} run build ` +
      '(pnpm --filter @cwagg/infra synth builds both handlers through turbo before synthesizing).',
  );
}

/**
 * Returns `bundle` when it can be deployed: a zip file holding the handler's entry file at its top, or a
 * directory holding it (deployed as it is, every file in it). Otherwise explains how to build it.
 *
 * @example
 * checkedBundle(AGGREGATED_HANDLER, defaultBundle(AGGREGATED_HANDLER)); // '.../dist/lambda.zip', once built
 */
export function checkedBundle(handler: HandlerSpec, bundle: string): string {
  if (!existsSync(bundle)) throw missing(handler, `${bundle} does not exist`);
  if (statSync(bundle).isDirectory()) {
    if (!existsSync(join(bundle, BUNDLE_ENTRY_FILE)))
      throw missing(handler, `${join(bundle, BUNDLE_ENTRY_FILE)} does not exist`);
    return bundle;
  }
  let names: string[];
  try {
    names = zipEntryNames(bundle);
  } catch (error) {
    throw missing(handler, `${bundle} is not a zip file (${error instanceof Error ? error.message : error})`);
  }
  if (!names.includes(BUNDLE_ENTRY_FILE)) throw missing(handler, `${bundle} holds no ${BUNDLE_ENTRY_FILE}`);
  return bundle;
}
