import { fileURLToPath } from 'node:url';

/**
 * A file of the built package. Resolved from the package root, so it is the same whether this code runs
 * from dist (the CLI) or from src (the tests): child processes and bundled handlers always run built code.
 */
export function distPath(relativePath: string): string {
  return fileURLToPath(new URL(`../dist/${relativePath}`, import.meta.url));
}

/** The repository root: profile locations and report paths are shown relative to it. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
