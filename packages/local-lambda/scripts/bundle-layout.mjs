// What a Lambda bundle directory holds, and what of it a cold start loads: the entry (index.mjs) and the
// chunks it imports statically, transitively. Chunks reached only through a dynamic `import()` load when the
// code asks for them (a feature the configuration or the event uses), not at cold start. Plain JS, shared by
// the bundler (which prints both figures), the bench (which compares them) and the tests.
//
// Both figures follow the imports from the entry instead of listing the directory: turbo restores a cached
// build's files over the ones already there without removing any, so a directory rebuilt after a code change
// can hold the chunks of an earlier build (15 files instead of 11 seen in the aggregated handler's, which
// counted its whole package at 961 KiB instead of 562).
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { gzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';

/** The handler's file in the bundle directory: Lambda's handler setting is `index.handler`. */
export const ENTRY_FILE = 'index.mjs';
/** Where a handler app's bundle goes, and its deployment package, relative to the app (the bundler's defaults). */
export const BUNDLE_DIR = 'dist/lambda';
export const BUNDLE_ZIP = 'dist/lambda.zip';

/** The names of a zip's entries, read from its central directory without inflating anything. */
export function zipEntryNames(zipFile) {
  const names = [];
  unzipSync(readFileSync(zipFile), {
    filter: (entry) => {
      names.push(entry.name);
      return false;
    },
  });
  return names;
}

/**
 * A static import or re-export of a relative file, as esbuild writes them (minified or not):
 * `import{a as b}from"./chunks/chunk-X.mjs"`, `import"./x.mjs"`, `import*as n from"./x.mjs"`,
 * `export{a}from"./x.mjs"`. A dynamic `import("./x.mjs")` has a parenthesis after `import` and does not match.
 */
const STATIC_IMPORT =
  /(?<![\w$.])(?:import|export)\s*(?:[\w$]+\s*,?\s*)?(?:\{[^}]*\}|\*\s*(?:as\s+[\w$]+)?)?\s*(?:from\s*)?["'](\.\.?\/[^"']+)["']/g;

/** A dynamic `import("./x.mjs")` of a relative file, as esbuild writes it for a chunk loaded on demand. */
const DYNAMIC_IMPORT = /(?<![\w$.])import\s*\(\s*["'](\.\.?\/[^"']+)["']\s*\)/g;

/** Every file under `dir`, recursively: paths relative to it with `/` separators, sorted. */
export function listBundleFiles(dir) {
  const files = [];
  const walk = (at) => {
    for (const entry of readdirSync(at, { withFileTypes: true })) {
      const path = join(at, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(relative(dir, path).split(sep).join('/'));
    }
  };
  walk(dir);
  return files.sort();
}

/** The relative files `file` names in `pattern`'s first group (absolute paths, in the order written). */
function relativeImportsOf(file, pattern) {
  const code = readFileSync(file, 'utf8');
  const found = [];
  for (const match of code.matchAll(pattern)) {
    const target = resolve(dirname(file), match[1]);
    if (!found.includes(target)) found.push(target);
  }
  return found;
}

/** The relative files `file` imports statically (absolute paths, in the order written). */
export function staticImportsOf(file) {
  return relativeImportsOf(file, STATIC_IMPORT);
}

/** The relative files `file` imports statically or with a dynamic `import()`. */
function anyImportsOf(file) {
  return [...staticImportsOf(file), ...relativeImportsOf(file, DYNAMIC_IMPORT)];
}

/**
 * The files a cold start loads: `entryFile` and what it imports statically, transitively, inside its
 * directory (absolute paths, the entry first).
 */
export function coldStartFiles(entryFile) {
  return importClosure(entryFile, staticImportsOf);
}

/**
 * Every file the handler can ever load: `entryFile` and what it imports, statically or on demand,
 * transitively (absolute paths, the entry first). What else its directory holds is never run.
 */
export function loadableFiles(entryFile) {
  return importClosure(entryFile, anyImportsOf);
}

/** `entryFile` and the files `importsOf` finds from it, transitively; each must be inside its directory. */
function importClosure(entryFile, importsOf) {
  const root = dirname(resolve(entryFile));
  const inside = new Set(listBundleFiles(root).map((name) => join(root, name)));
  const loaded = [resolve(entryFile)];
  for (let i = 0; i < loaded.length; i++) {
    for (const target of importsOf(loaded[i])) {
      if (!inside.has(target)) {
        throw new Error(
          `${relative(root, loaded[i])} imports ${relative(root, target)}, which is not in ${root}`,
        );
      }
      if (!loaded.includes(target)) loaded.push(target);
    }
  }
  return loaded;
}

function measure(files) {
  let bytes = 0;
  let gzipBytes = 0;
  for (const file of files) {
    const code = readFileSync(file);
    bytes += code.length;
    gzipBytes += gzipSync(code).length;
  }
  return { files, bytes, gzipBytes };
}

/**
 * Sizes of a bundle: what its cold start loads, and all of its code (`loadableFiles`: the chunks loaded on
 * demand too, source maps left out). gzipBytes adds each file's gzip size, as a zip compresses each file on
 * its own.
 */
export function bundleLayout(entryFile) {
  return { coldStart: measure(coldStartFiles(entryFile)), all: measure(loadableFiles(entryFile)) };
}
