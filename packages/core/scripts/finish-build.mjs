// After both tsc runs: mark dist/cjs as CommonJS (the package itself is "type": "module"), and remove
// outputs whose source is gone, so that `npm pack` never ships a stale module. dist is not wiped first:
// other packages in the workspace import it while this one rebuilds.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = new Set(
  readdirSync(join(root, 'src'))
    .filter((file) => file.endsWith('.ts'))
    .map((file) => file.slice(0, -'.ts'.length)),
);

for (const dir of ['dist', 'dist/cjs']) {
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const module = entry.name.replace(/\.(d\.ts|js)$/, '');
    const known = modules.has(module) && module !== entry.name;
    if (!known && !(dir === 'dist/cjs' && entry.name === 'package.json')) {
      rmSync(join(root, dir, entry.name));
      console.log(`removed stale ${dir}/${entry.name}`);
    }
  }
  for (const entry of readdirSync(join(root, dir), { withFileTypes: true })) {
    if (entry.isDirectory() && !(dir === 'dist' && entry.name === 'cjs')) {
      rmSync(join(root, dir, entry.name), { recursive: true });
      console.log(`removed stale ${dir}/${entry.name}/`);
    }
  }
}
writeFileSync(join(root, 'dist/cjs/package.json'), `${JSON.stringify({ type: 'commonjs' }, null, 2)}\n`);
