export interface CodeFiles {
  /** Absolute paths. */
  files: string[];
  bytes: number;
  /** The sum of each file's gzip size. */
  gzipBytes: number;
}

/** The handler's file in the bundle directory (`index.mjs`). */
export const ENTRY_FILE: 'index.mjs';
/** Where a handler app's bundle goes, relative to the app (`dist/lambda`). */
export const BUNDLE_DIR: 'dist/lambda';
/** A handler app's deployment package, relative to the app (`dist/lambda.zip`): every file of BUNDLE_DIR. */
export const BUNDLE_ZIP: 'dist/lambda.zip';
/** The names of a zip's entries, from its central directory; throws when the file is not a zip. */
export function zipEntryNames(zipFile: string): string[];
/** Every file under `dir`, recursively: paths relative to it with `/` separators, sorted. */
export function listBundleFiles(dir: string): string[];
/** The relative files `file` imports statically (absolute paths). */
export function staticImportsOf(file: string): string[];
/** `entryFile` and the files it imports statically, transitively (absolute paths, the entry first). */
export function coldStartFiles(entryFile: string): string[];
/** `entryFile` and the files it imports statically or on demand, transitively (absolute paths, the entry first). */
export function loadableFiles(entryFile: string): string[];
/** What a cold start of the bundle loads, and all of its code (`loadableFiles`: source maps left out). */
export function bundleLayout(entryFile: string): { coldStart: CodeFiles; all: CodeFiles };
