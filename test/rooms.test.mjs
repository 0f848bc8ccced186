// The rules that keep the rooms apart (ARCHITECTURE.md, "Rooms"), checked on the sources: which workspace
// packages each package may depend on and import. Runs with node's own test runner, before every package's
// tests (turbo's //#test:repo task).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ROOT as root, workspaceFolders } from './support/workspace.mjs';

/** Every workspace package: its folder, manifest, and the workspace packages it imports from src/. */
function workspacePackages() {
  return workspaceFolders().map((folder) => {
    const manifest = JSON.parse(readFileSync(join(root, folder, 'package.json'), 'utf8'));
    return { folder, manifest, imports: workspaceImports(join(root, folder), manifest.name) };
  });
}

const IMPORT = /(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"](@cwagg\/[^/'"]+)/g;

function sourceFiles(dir) {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries
    .filter((entry) => entry.isFile() && /\.(ts|mts|mjs|js)$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Workspace packages imported by the code that ships: src/, lib/, bin/ and scripts/ (not tests). */
function workspaceImports(folder, self) {
  const found = new Set();
  for (const sub of ['src', 'lib', 'bin', 'scripts']) {
    for (const file of sourceFiles(join(folder, sub))) {
      for (const match of readFileSync(file, 'utf8').matchAll(IMPORT)) {
        if (match[1] !== self) found.add(match[1]);
      }
    }
  }
  return found;
}

const packages = workspacePackages();
const byName = new Map(packages.map((p) => [p.manifest.name, p]));
const workspaceDeps = (p, fields = ['dependencies', 'peerDependencies', 'devDependencies']) =>
  fields.flatMap((field) => Object.keys(p.manifest[field] ?? {})).filter((name) => byName.has(name));

describe('rooms', () => {
  it('finds the packages the architecture names', () => {
    for (const name of [
      '@cwagg/core',
      '@cwagg/kinesis',
      '@cwagg/lambda',
      '@cwagg/cloudwatch-local',
      '@cwagg/local-lambda',
    ]) {
      assert.ok(byName.has(name), `${name} is missing`);
    }
  });

  it('@cwagg/core depends on and imports nothing of the workspace (tests may use devDependencies)', () => {
    const core = byName.get('@cwagg/core');
    assert.deepEqual(workspaceDeps(core, ['dependencies', 'peerDependencies']), []);
    assert.deepEqual([...core.imports], []);
  });

  it('@cwagg/kinesis ships only what the handlers need: it imports core and nothing else of the workspace', () => {
    const kinesis = byName.get('@cwagg/kinesis');
    assert.deepEqual(workspaceDeps(kinesis, ['dependencies']), ['@cwagg/core']);
    assert.deepEqual([...kinesis.imports], ['@cwagg/core']);
  });

  it('@cwagg/lambda depends on and imports @cwagg/core only: Lambda stays out of core, and out of nothing else', () => {
    const lambda = byName.get('@cwagg/lambda');
    assert.deepEqual(workspaceDeps(lambda, ['dependencies', 'peerDependencies']), ['@cwagg/core']);
    assert.deepEqual([...lambda.imports], ['@cwagg/core']);
  });

  it('the handler apps import only @cwagg/kinesis, so their bundles hold no emulator or local runner', () => {
    for (const name of ['@cwagg/lambda-single', '@cwagg/lambda-aggregated']) {
      const app = byName.get(name);
      assert.deepEqual([...app.imports], ['@cwagg/kinesis'], `${name} imports ${[...app.imports]}`);
      assert.deepEqual(workspaceDeps(app, ['dependencies']), ['@cwagg/kinesis']);
    }
  });

  it('libraries never depend on apps, and nothing depends on the demo or the bench', () => {
    for (const p of packages) {
      for (const dep of workspaceDeps(p)) {
        const target = byName.get(dep);
        if (p.folder.startsWith('packages/')) {
          assert.ok(target.folder.startsWith('packages/'), `${p.manifest.name} depends on the app ${dep}`);
        }
        assert.ok(
          !['@cwagg/local', '@cwagg/bench'].includes(dep) ||
            (p.manifest.name === '@cwagg/bench' && dep === '@cwagg/local'),
          `${p.manifest.name} depends on ${dep}`,
        );
      }
    }
  });

  it('every workspace package a package imports is one it declares', () => {
    for (const p of packages) {
      const declared = new Set(workspaceDeps(p, ['dependencies', 'peerDependencies']));
      for (const imported of p.imports) {
        assert.ok(declared.has(imported), `${p.manifest.name} imports ${imported} without declaring it`);
      }
    }
  });

  it('the workspace has no dependency cycle', () => {
    const state = new Map();
    const visit = (name, path) => {
      if (state.get(name) === 'done') return;
      assert.notEqual(state.get(name), 'open', `cycle: ${[...path, name].join(' -> ')}`);
      state.set(name, 'open');
      for (const dep of workspaceDeps(byName.get(name))) visit(dep, [...path, name]);
      state.set(name, 'done');
    };
    for (const name of byName.keys()) visit(name, []);
  });
});
