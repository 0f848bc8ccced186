// Test files that share a module graph (vitest's `isolate: false`, ARCHITECTURE.md, Conventions: the suite's
// CPU) must not replace modules: a vi.mock would leak into every file after it in the same worker. Checked on
// the sources: in a package whose vitest.config.ts turns isolation off, each file that calls vi.mock is named
// in that config (the files a project keeps isolated). Runs with node's own test runner (turbo's //#test:repo).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT as root, workspaceFolders } from './support/workspace.mjs';

/** The package's test files (relative to the package) that call vi.mock. */
function mockingFiles(folder) {
  const tests = join(root, folder, 'test');
  if (!existsSync(tests)) return [];
  return readdirSync(tests, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.test\.ts$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => /\bvi\.mock\(/.test(readFileSync(file, 'utf8')))
    .map((file) => relative(join(root, folder), file));
}

describe('test isolation', () => {
  const configs = workspaceFolders()
    .map((folder) => ({ folder, path: join(root, folder, 'vitest.config.ts') }))
    .filter(({ path }) => existsSync(path))
    .map(({ folder, path }) => ({ folder, text: readFileSync(path, 'utf8') }));

  it('finds vitest configs that share module graphs, and the files that mock modules', () => {
    assert.ok(configs.filter(({ text }) => /isolate:\s*false/.test(text)).length >= 10);
    assert.ok(mockingFiles('apps/local').length >= 4);
  });

  it('keeps every file that calls vi.mock out of a shared module graph', () => {
    for (const { folder, text } of configs) {
      if (!/isolate:\s*false/.test(text)) continue;
      for (const file of mockingFiles(folder)) {
        assert.ok(
          text.includes(`'${file}'`),
          `${folder}/${file} calls vi.mock, but ${folder}/vitest.config.ts turns isolation off without naming it`,
        );
      }
    }
  });
});
