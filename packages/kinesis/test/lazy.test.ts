/** Parts of the handlers loaded on first use: loaded once, a failure named and tried again next time. */
import { readFileSync } from 'node:fs';
import { dirname, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { staticImportsOf } from '@cwagg/local-lambda/bundle-layout';
import { describe, expect, it } from 'vitest';
import { LazyLoadError, lazily } from '../src/lazy.js';

describe('lazily', () => {
  it('loads once, on the first call, and shares the load with the calls that follow', async () => {
    let loads = 0;
    const load = lazily('a part', async () => ({ n: ++loads }));
    expect(loads).toBe(0);
    const [first, second] = await Promise.all([load(), load()]);
    expect(await load()).toBe(first);
    expect(second).toBe(first);
    expect(loads).toBe(1);
  });

  it('names the part that failed to load and why, and tries again on the next call', async () => {
    let attempts = 0;
    const load = lazily('tumbling windows', async () => {
      attempts++;
      if (attempts === 1) throw new Error("Cannot find module '/var/task/chunks/windowed-handler-X.mjs'");
      return 'loaded';
    });
    const failure = await load().catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(LazyLoadError);
    expect((failure as LazyLoadError).part).toBe('tumbling windows');
    expect(String(failure)).toBe(
      "LazyLoadError: could not load the code for tumbling windows (Error: Cannot find module '/var/task/chunks/windowed-handler-X.mjs'); " +
        'a Lambda bundle needs every file of its directory, chunks/ included, deployed beside index.mjs',
    );
    expect(await load()).toBe('loaded');
    expect(attempts).toBe(2);
  });

  it('passes on the error of a part that another part loads, unwrapped', async () => {
    const inner = lazily('the field mapping', async () => {
      throw new Error('gone');
    });
    const outer = lazily('tumbling windows', async () => inner());
    await expect(outer()).rejects.toMatchObject({ name: 'LazyLoadError', part: 'the field mapping' });
  });
});

describe('@cwagg/kinesis/lambda, the handler apps’ import', () => {
  it('reaches no optional part through static imports: windows, mapping, VALUE_FIELD, KPL, METRICS (the built package)', () => {
    const entry = fileURLToPath(new URL('../dist/lambda.js', import.meta.url));
    const dist = dirname(entry);
    const reached = [entry];
    for (let i = 0; i < reached.length; i++) {
      for (const target of staticImportsOf(reached[i] as string))
        if (!reached.includes(target)) reached.push(target);
    }
    const names = reached.map((file) => relative(dist, file).split(sep).join('/'));
    expect(names).toContain('decode-records.js');
    // Only the window event's shape, to tell a windowed invocation apart.
    expect(names.filter((name) => name.startsWith('window/'))).toEqual(['window/window-event.js']);
    expect(names.filter((name) => name.startsWith('mapping/'))).toEqual([]);
    for (const optional of [
      'kpl.js',
      'value-field-reader.js',
      'config-metrics.js',
      'load-config.js',
      'decode.js',
    ]) {
      expect(names).not.toContain(optional);
    }
    // Nothing of core's mapping either: the METRICS checks (mapping/directive) load only when METRICS is set.
    for (const file of reached) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/from ['"]@cwagg\/core\/mapping/);
    }
  });
});
