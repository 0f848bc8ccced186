/**
 * A vitest global setup for packages whose tests run their built CLI (dist/cli.js): rebuilds the package
 * first when a source file is newer than the build, so that a test never runs stale code. Named in the
 * package's vitest.config.ts (`globalSetup`); the package is the project's root.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';

/** What vitest passes a global setup, as far as this one reads it (a TestProject). */
interface ProjectRoot {
  config: { root: string };
}

export default function setup(project: ProjectRoot): void {
  const root = project.config.root;
  const built = join(root, 'dist', 'cli.js');
  // Recursive: a directory's own mtime does not change when a file inside it is edited.
  const sources = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).map((name) =>
    join(root, 'src', name),
  );
  const newest = Math.max(...sources.map((file) => statSync(file).mtimeMs));
  if (existsSync(built) && statSync(built).mtimeMs >= newest) return;
  // The package's own TypeScript, as its build script runs it.
  const tsc = createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { stdio: 'inherit' });
}
