import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TYPE_BY_KIND } from '@cwagg/kinesis';

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

/** The file the Lambda handler string `index.handler` points at, inside a bundle directory. */
export const BUNDLE_ENTRY_FILE = 'index.mjs';
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
 * The Lambda bundle a handler app builds (`<app>/dist/lambda`, holding index.mjs, the chunks it imports in
 * chunks/ and their source maps; deployed whole), reached through infra's own workspace link to the app.
 */
export function defaultBundleDir(handler: HandlerSpec): string {
  return join(infraPackageDir(), 'node_modules', handler.packageName, 'dist', 'lambda');
}

/** Returns the bundle directory when it holds a handler entry file; otherwise explains how to build it. */
export function checkedBundleDir(handler: HandlerSpec, dir: string): string {
  if (!existsSync(join(dir, BUNDLE_ENTRY_FILE))) {
    throw new MissingBundleError(
      `The ${handler.packageName} Lambda bundle is missing: ${join(dir, BUNDLE_ENTRY_FILE)} does not exist.\n` +
        `Build it first: pnpm --filter ${handler.packageName} run build ` +
        '(pnpm --filter @cwagg/infra synth builds both handlers through turbo before synthesizing).',
    );
  }
  return dir;
}
