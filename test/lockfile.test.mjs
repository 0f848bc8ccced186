// The lockfile can come out of a merge looking whole but pointing an importer at a snapshot it no longer
// has; `pnpm install --frozen-lockfile` trusts it and leaves a dangling link (a package's `vitest` then
// cannot be found). This checks that every version an importer names is a snapshot of the same lockfile.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';

const lockfile = readFileSync(new URL('../pnpm-lock.yaml', import.meta.url), 'utf8');

/** The workspace document: the one whose importers include the packages (pnpm puts its own first). */
function workspaceDocument(text) {
  const documents = text.split(/^---$/m).filter((document) => document.includes('importers:'));
  const workspace = documents.find((document) => /^ {2}packages\//m.test(document));
  assert.ok(workspace, 'pnpm-lock.yaml has no document with the workspace packages as importers');
  return workspace;
}

function section(document, name) {
  const start = document.search(new RegExp(`^${name}:$`, 'm'));
  assert.ok(start >= 0, `pnpm-lock.yaml has no ${name} section`);
  const rest = document.slice(start + name.length + 2);
  const end = rest.search(/^\S/m);
  return end < 0 ? rest : rest.slice(0, end);
}

it('every dependency version an importer names is a snapshot in pnpm-lock.yaml', () => {
  const document = workspaceDocument(lockfile);
  const snapshots = new Set(
    [...section(document, 'snapshots').matchAll(/^ {2}'?([^'\n]+?)'?:(?: \{\})?$/gm)].map(
      (match) => match[1],
    ),
  );
  const missing = [];
  const importers = section(document, 'importers');
  // An importer's entry is `'name':` then `specifier:` then `version:`, indented by 6 and 8 spaces.
  for (const match of importers.matchAll(/^ {6}'?([^'\n]+?)'?:\n {8}specifier: .*\n {8}version: (.+)$/gm)) {
    const [, name, quoted] = match;
    if (quoted.startsWith('link:')) continue;
    // An aliased dependency (`npm:` specifier) names its snapshot in full: 'real-name@version(...)'.
    const version = quoted.replace(/^'(.*)'$/, '$1');
    const key = /^@?[^@(]+@/.test(version) ? version : `${name}@${version}`;
    if (!snapshots.has(key)) missing.push(key);
  }
  assert.ok(snapshots.size > 0, 'found no snapshots to check against');
  assert.deepEqual(missing, [], 'run `pnpm install --fix-lockfile` and commit pnpm-lock.yaml');
});
