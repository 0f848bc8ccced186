import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distPath, REPO_ROOT } from '../src/paths.js';

describe('paths', () => {
  it('point into the built package, from the sources as from dist', () => {
    expect(distPath('worker.js')).toBe(join(REPO_ROOT, 'apps', 'bench', 'dist', 'worker.js'));
  });

  it('find the repository root', () => {
    expect(existsSync(join(REPO_ROOT, 'pnpm-workspace.yaml'))).toBe(true);
  });
});
