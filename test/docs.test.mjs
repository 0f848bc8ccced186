// The repository stands on its own: every relative Markdown link resolves to a file or folder it holds, and
// no file points a reader at notes or trackers a clone does not have.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
/** The files git tracks (and new ones not ignored): what a clone holds. */
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
  cwd: root,
  encoding: 'utf8',
})
  .split('\n')
  .filter((file) => file !== '' && existsSync(join(root, file)));

const INLINE_LINK = /\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g;
const REFERENCE_LINK = /^\s*\[[^\]]+\]:\s*(\S+)/gm;

function links(text) {
  // Code blocks show commands and examples, not links.
  const prose = text.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...prose.matchAll(INLINE_LINK), ...prose.matchAll(REFERENCE_LINK)].map((match) => match[1]);
}

describe('documents', () => {
  const markdown = files.filter((file) => file.endsWith('.md'));

  it('finds the documents', () => {
    assert.ok(markdown.includes('README.md') && markdown.includes('ARCHITECTURE.md'));
  });

  it('every relative link in every Markdown file resolves', () => {
    const broken = [];
    for (const file of markdown) {
      for (const target of links(readFileSync(join(root, file), 'utf8'))) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(target) || target.startsWith('#')) continue;
        const path = decodeURIComponent(target.split('#')[0]);
        if (!existsSync(join(root, dirname(file), path))) broken.push(`${file}: ${target}`);
      }
    }
    assert.deepEqual(broken, []);
  });

  it('no file refers a reader to notes, trackers or numbered issues outside the repository', () => {
    // Built from pieces so that this file does not itself contain what it looks for.
    const outside = new RegExp(
      ['shared project' + ' notes', '\\.\\./shared/', 'DESIGN' + '\\.md', '\\bissues? #?' + '\\d+\\b'].join(
        '|',
      ),
      'i',
    );
    const offending = [];
    for (const file of files.filter((f) => /\.(md|ts|mts|mjs|js|json)$/.test(f) && f !== 'pnpm-lock.yaml')) {
      readFileSync(join(root, file), 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (outside.test(line)) offending.push(`${file}:${i + 1}: ${line.trim()}`);
        });
    }
    assert.deepEqual(offending, []);
  });

  it('names the original AWS sample only next to its public address', () => {
    const address = 'github.com/aws-samples/amazon-cloudwatch-percentiles-high-volume-data-monitoring';
    const unlinked = markdown.filter((file) => {
      const text = readFileSync(join(root, file), 'utf8');
      return /original (AWS )?sample/i.test(text) && !text.includes(address);
    });
    assert.deepEqual(unlinked, []);
  });
});
