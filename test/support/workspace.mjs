// The workspace as the root checks see it: its root folder and every package's folder, relative to the root.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Every workspace package's folder (packages/*, apps/*, infra), relative to ROOT. */
export function workspaceFolders() {
  return [
    ...['packages', 'apps'].flatMap((group) =>
      readdirSync(join(ROOT, group)).map((name) => join(group, name)),
    ),
    'infra',
  ];
}
