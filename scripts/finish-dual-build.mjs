// Run in a package that builds both module kinds (core, otel, lambda), after its two tsc runs: mark dist/cjs
// as CommonJS (the package itself is "type": "module"), and remove outputs whose source is gone, so that `npm pack` never ships a stale module. dist is not wiped first:
// other packages in the workspace import it while this one rebuilds.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** The package being built: pnpm runs a package's scripts in its own folder. */
const root = process.cwd();
const src = join(root, 'src');

/** Removes every file and folder under `dir` (an output tree) that no source under `source` explains. */
function prune(dir, source) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (dir === join(root, 'dist') && entry.name === 'cjs') continue;
      if (existsSync(join(source, entry.name))) prune(path, join(source, entry.name));
      else {
        rmSync(path, { recursive: true });
        console.log(`removed stale ${relative(root, path)}/`);
      }
      continue;
    }
    if (dir === join(root, 'dist/cjs') && entry.name === 'package.json') continue;
    const module = entry.name.replace(/\.(d\.ts|js)$/, '');
    if (module === entry.name || !existsSync(join(source, `${module}.ts`))) {
      rmSync(path);
      console.log(`removed stale ${relative(root, path)}`);
    }
  }
}

prune(join(root, 'dist'), src);
prune(join(root, 'dist/cjs'), src);
writeFileSync(join(root, 'dist/cjs/package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
