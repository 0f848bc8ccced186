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
 * Characters of `code` written from each of its map's sources: a segment's source owns the characters up to
 * the next segment of its line (or the line's end). Characters before a line's first segment, and those of a
 * segment without a source, are UNMAPPED.
 */
export function charactersBySource(code: string, map: SourceMap): Map<string, number> {
  const counts = new Map<string, number>();
  const add = (source: string, count: number) => {
    if (count > 0) counts.set(source, (counts.get(source) ?? 0) + count);
  };
  const lines = code.split('\n');
  const mappedLines = map.mappings.split(';');
  let sourceIndex = 0;
  lines.forEach((line, l) => {
    // Each line's newline belongs to no source.
    if (l < lines.length - 1) add(UNMAPPED, 1);
    let owner = UNMAPPED;
    let from = 0;
    let column = 0;
    for (const segment of (mappedLines[l] ?? '').split(',')) {
      if (segment === '') continue;
      const [columnDelta = 0, sourceDelta] = decodeVlq(segment);
      column += columnDelta;
      add(owner, Math.min(column, line.length) - from);
      from = Math.min(column, line.length);
      if (sourceDelta === undefined) {
        owner = UNMAPPED;
      } else {
        sourceIndex += sourceDelta;
        owner = map.sources[sourceIndex] ?? UNMAPPED;
      }
    }
    add(owner, line.length - from);
  });
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

/**
 * Bytes of `files` (bundle files with a `.map` beside each) by origin. The files are minified ASCII, so a
 * character is a byte; a file whose map is missing counts as UNMAPPED whole.
 */
export function bytesByOrigin(files: readonly string[]): Record<string, number> {
  const totals: Record<string, number> = {};
  for (const file of files) {
    const code = readFileSync(file, 'utf8');
    let map: SourceMap | undefined;
    try {
      map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as SourceMap;
    } catch {
      map = undefined;
    }
    const bySource = map === undefined ? new Map([[UNMAPPED, code.length]]) : charactersBySource(code, map);
    for (const [source, count] of bySource) {
      const origin = originOf(source);
      totals[origin] = (totals[origin] ?? 0) + count;
    }
  }
  return totals;
}
