/**
 * Where the code a cold start loads comes from: each byte of a bundle's files attributed, through their source
 * maps, to the file it was written from, and those files grouped by origin (the AWS SDK and its dependencies,
 * each cwagg package, the handler itself). The size targets compare whole bundles; this says which part of
 * the difference is cwagg's own code, and which the SDK both bundles carry.
 */
import { readFileSync } from 'node:fs';

/** What is not written from any source file: esbuild's helpers, the banner, separators. */
export const UNMAPPED = 'unmapped';
const AWS_SDK = 'AWS SDK';
const OTHER_DEPENDENCIES = 'other dependencies';
const HANDLER = 'handler';
const CWAGG_PACKAGES = ['@cwagg/core', '@cwagg/kinesis'];
/** The origins in the order a report lists them; another cwagg package, if one appears, goes after them. */
export const ORIGIN_ORDER = [AWS_SDK, ...CWAGG_PACKAGES, HANDLER, OTHER_DEPENDENCIES, UNMAPPED];

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const BASE64_VALUE = new Map(Array.from(BASE64, (char, value) => [char, value]));
const VLQ_CONTINUATION = 32;
const VLQ_VALUE_BITS = 5;

/** The numbers of one segment of a source map's `mappings` (base64 VLQ, relative to the segment before). */
export function decodeVlq(segment: string): number[] {
  const numbers: number[] = [];
  let value = 0;
  let shift = 0;
  for (const char of segment) {
    const digit = BASE64_VALUE.get(char);
    if (digit === undefined) throw new Error(`"${char}" is not a base64 VLQ digit (in "${segment}")`);
    value += (digit & (VLQ_CONTINUATION - 1)) * 2 ** shift;
    if (digit & VLQ_CONTINUATION) {
      shift += VLQ_VALUE_BITS;
      continue;
    }
    // The lowest bit is the sign.
    numbers.push(value % 2 === 1 ? -(value - 1) / 2 : value / 2);
    value = 0;
    shift = 0;
  }
  return numbers;
}

interface SourceMap {
  sources: string[];
  mappings: string;
}

/**
 * Calls `visit` with each stretch of `code` and the map's source it was written from: a segment's source owns
 * the characters up to the next segment of its line (or the line's end). Characters before a line's first
 * segment, those of a segment without a source, and each line's newline are UNMAPPED. Every character is in
 * exactly one stretch, in order.
 */
function forEachStretch(
  code: string,
  map: SourceMap,
  visit: (source: string, from: number, to: number) => void,
): void {
  const lines = code.split('\n');
  const mappedLines = map.mappings.split(';');
  let sourceIndex = 0;
  let lineStart = 0;
  lines.forEach((line, l) => {
    const add = (source: string, from: number, to: number) => {
      if (to > from) visit(source, lineStart + from, lineStart + to);
    };
    let owner = UNMAPPED;
    let from = 0;
    let column = 0;
    for (const segment of (mappedLines[l] ?? '').split(',')) {
      if (segment === '') continue;
      const [columnDelta = 0, sourceDelta] = decodeVlq(segment);
      column += columnDelta;
      add(owner, from, Math.min(column, line.length));
      from = Math.min(column, line.length);
      if (sourceDelta === undefined) {
        owner = UNMAPPED;
      } else {
        sourceIndex += sourceDelta;
        owner = map.sources[sourceIndex] ?? UNMAPPED;
      }
    }
    add(owner, from, line.length);
    if (l < lines.length - 1) add(UNMAPPED, line.length, line.length + 1);
    lineStart += line.length + 1;
  });
}

/** Characters of `code` written from each of its map's sources (UNMAPPED for the rest; see forEachStretch). */
export function charactersBySource(code: string, map: SourceMap): Map<string, number> {
  const counts = new Map<string, number>();
  forEachStretch(code, map, (source, from, to) => counts.set(source, (counts.get(source) ?? 0) + to - from));
  return counts;
}

/** The origin of a source file of the workspace: a dependency by package, a cwagg package, or the handler. */
export function originOf(source: string): string {
  if (source === UNMAPPED) return UNMAPPED;
  // The last node_modules/ names the package (pnpm nests them under node_modules/.pnpm/...).
  const dependency = /.*node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(source);
  if (dependency !== null) {
    const name = dependency[1] as string;
    return name.startsWith('@aws-sdk/') || name.startsWith('@smithy/') || name.startsWith('@aws-crypto/')
      ? AWS_SDK
      : OTHER_DEPENDENCIES;
  }
  const workspace = /(?:^|\/)packages\/([^/]+)\//.exec(source);
  return workspace === null ? HANDLER : `@cwagg/${workspace[1]}`;
}

/** A bundle file's code and its source map, or undefined when the map is missing or unreadable. */
function readBundleFile(file: string): { code: string; map: SourceMap | undefined } {
  const code = readFileSync(file, 'utf8');
  try {
    return { code, map: JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap };
  } catch {
    return { code, map: undefined };
  }
}

/**
 * Bytes of `files` (bundle files with a `.map` beside each) by origin. The files are minified ASCII, so a
 * character is a byte; a file whose map is missing counts as UNMAPPED whole.
 */
export function bytesByOrigin(files: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const file of files) {
    const { code, map } = readBundleFile(file);
    const bySource = map === undefined ? new Map([[UNMAPPED, code.length]]) : charactersBySource(code, map);
    for (const [source, count] of bySource) {
      const origin = originOf(source);
      totals[origin] = (totals[origin] ?? 0) + count;
    }
  }
  return totals;
}

/**
 * The code of `files` written from the cwagg packages, in file order, as one text: what cwagg's own code
 * would be with no chunk boundaries and no other code around it. Its gzip size is about the least cwagg can
 * add to a bundle's gzip size (src/bundles.ts).
 */
export function cwaggCodeOf(files: readonly string[]): string {
  const pieces: string[] = [];
  for (const file of files) {
    const { code, map } = readBundleFile(file);
    if (map === undefined) continue;
    forEachStretch(code, map, (source, from, to) => {
      if (CWAGG_PACKAGES.includes(originOf(source))) pieces.push(code.slice(from, to));
    });
  }
  return pieces.join('');
}
