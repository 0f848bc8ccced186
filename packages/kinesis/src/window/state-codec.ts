/**
 * The window state Lambda carries between invocations, versioned and checked. The state is one JSON member,
 * `cwaggWindow`, holding base64 of:
 *
 *   "CWW" | version (1) | flags (1: bit 0 = body deflated) | CRC-32 of the body as stored (4) | body
 *
 * and the body (varints and value codes, byte-codec.ts):
 *
 *   window start (double, ms) | mode (0 exact; 1 bounded + relative error as a double) | records | early
 *   flushes | invalid records | strings: count, each text | invalid values: count, (reason, count)... |
 *   folded: count, (dimension, count)... | kept: count, (namespace, dimension, overflow, values: count,
 *   value...)... | series: count, each (namespace, name, unit + 1 or 0, resolution 0/1/60, dimensions:
 *   count, (name, value)..., periods: count, each (start in seconds, entries: count, each exact (value,
 *   count) or bounded (bucket key, count, sum as a double, min, max)))
 *
 * where every text after the string table is its index there. Reading checks the magic, the version, the
 * checksum and every length; what fails is a StateFormatError with the reason, never a partial state.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';
import type { MetricDefinition, Unit } from '@cwagg/core';
import type { KeptValues } from '@cwagg/core/mapping';
import { ByteReader, ByteWriter, StateFormatError } from './byte-codec.js';
import { ZERO_BUCKET } from './log-buckets.js';
import { emptyContents, type SeriesValues, seriesKey, type WindowContents } from './window-contents.js';

/** The member of Lambda's state object that holds cwagg's window. */
export const STATE_MEMBER = 'cwaggWindow';
export const STATE_FORMAT_VERSION = 1;
const MAGIC = [0x43, 0x57, 0x57]; // "CWW"
const HEADER_BYTES = 9;
const DEFLATED = 1;
/** Bodies this small are stored as they are: deflating them saves little and costs a call. */
const DEFLATE_FROM_BYTES = 256;

/** The state object Lambda passes and expects back. */
export type WindowStateObject = Record<string, string>;

class StringTable {
  readonly texts: string[] = [];
  private readonly index = new Map<string, number>();

  of(text: string): number {
    let at = this.index.get(text);
    if (at === undefined) {
      at = this.texts.length;
      this.texts.push(text);
      this.index.set(text, at);
    }
    return at;
  }
}

function writeBody(contents: WindowContents): Uint8Array {
  // Strings first: every later text is an index into the table.
  const strings = new StringTable();
  const body = new ByteWriter();
  const counts = (map: Map<string, number>) => {
    body.varint(map.size);
    for (const [key, count] of map) {
      body.varint(strings.of(key));
      body.varint(count);
    }
  };
  counts(contents.invalidValues);
  counts(contents.folded);
  body.varint(contents.kept.length);
  for (const kept of contents.kept) {
    body.varint(strings.of(kept.namespace));
    body.varint(strings.of(kept.dimension));
    body.varint(strings.of(kept.overflow));
    body.varint(kept.values.length);
    for (const value of kept.values) body.varint(strings.of(value));
  }
  body.varint(contents.series.size);
  const bounded = contents.mode.kind === 'bounded';
  for (const entry of contents.series.values()) writeSeries(body, strings, entry, bounded);

  const head = new ByteWriter();
  head.double(contents.windowStart);
  if (contents.mode.kind === 'bounded') {
    head.byte(1);
    head.double(contents.mode.relativeError);
  } else {
    head.byte(0);
  }
  head.varint(contents.records);
  head.varint(contents.earlyFlushes);
  head.varint(contents.invalidRecords);
  head.varint(strings.texts.length);
  for (const text of strings.texts) head.string(text);
  head.raw(body.result());
  return head.result();
}

function writeSeries(body: ByteWriter, strings: StringTable, entry: SeriesValues, bounded: boolean): void {
  const { definition } = entry;
  body.varint(strings.of(entry.namespace));
  body.varint(strings.of(definition.name));
  body.varint(definition.unit === undefined ? 0 : strings.of(definition.unit) + 1);
  body.byte(definition.storageResolution ?? 0);
  const dimensions = Object.entries(definition.dimensions ?? {});
  body.varint(dimensions.length);
  for (const [name, value] of dimensions) {
    body.varint(strings.of(name));
    body.varint(strings.of(value));
  }
  if (bounded) {
    body.varint(entry.buckets.size);
    for (const [start, buckets] of entry.buckets) {
      body.varint(start / 1000);
      body.varint(buckets.size);
      for (const [key, stats] of buckets) {
        body.varint(key === ZERO_BUCKET ? 0 : (key >= 0 ? 2 * key : -2 * key - 1) + 1);
        body.varint(stats.count);
        body.double(stats.sum);
        body.value(stats.min);
        body.value(stats.max);
      }
    }
  } else {
    body.varint(entry.exact.size);
    for (const [start, values] of entry.exact) {
      body.varint(start / 1000);
      body.varint(values.size);
      for (const [value, count] of values) {
        body.value(value);
        body.varint(count);
      }
    }
  }
}

/** The state object for `contents`: what the handler returns to Lambda. */
export function encodeWindowState(contents: WindowContents): WindowStateObject {
  const plain = writeBody(contents);
  const deflated = plain.length >= DEFLATE_FROM_BYTES ? deflateRawSync(plain, { level: 1 }) : undefined;
  const body = deflated !== undefined && deflated.length < plain.length ? deflated : plain;
  const bytes = new Uint8Array(HEADER_BYTES + body.length);
  bytes.set(MAGIC, 0);
  bytes[3] = STATE_FORMAT_VERSION;
  bytes[4] = body === plain ? 0 : DEFLATED;
  new DataView(bytes.buffer).setUint32(5, crc32(body));
  bytes.set(body, HEADER_BYTES);
  return { [STATE_MEMBER]: Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('base64') };
}

/**
 * An upper bound of `stateBytes(encodeWindowState(contents))`, without deflating: the body is stored
 * deflated only when that is smaller. Cheap enough to test every prefix of a batch against the budget.
 */
export function stateBytesBound(contents: WindowContents): number {
  const stored = HEADER_BYTES + writeBody(contents).length;
  return JSON.stringify({ [STATE_MEMBER]: '' }).length + 4 * Math.ceil(stored / 3);
}

/** Bytes of the state as Lambda stores it: its JSON. */
export function stateBytes(state: WindowStateObject): number {
  return Buffer.byteLength(JSON.stringify(state));
}

export type ReadState =
  | { kind: 'empty' }
  | { kind: 'read'; contents: WindowContents }
  | { kind: 'unreadable'; reason: string };

/**
 * Reads the state Lambda passed: empty at a window's start (`{}`, or none), the contents cwagg wrote, or the
 * reason it cannot be read (another writer's state, another version, damaged).
 */
export function decodeWindowState(state: unknown): ReadState {
  if (state === undefined || state === null) return { kind: 'empty' };
  if (typeof state !== 'object' || Array.isArray(state)) {
    return {
      kind: 'unreadable',
      reason: `the state is ${Array.isArray(state) ? 'a list' : typeof state}, not an object`,
    };
  }
  const members = Object.keys(state);
  if (members.length === 0) return { kind: 'empty' };
  const text = (state as Record<string, unknown>)[STATE_MEMBER];
  if (typeof text !== 'string') {
    return {
      kind: 'unreadable',
      reason: `the state is not cwagg's: no "${STATE_MEMBER}" text among its members (${members.slice(0, 5).join(', ')})`,
    };
  }
  try {
    return { kind: 'read', contents: readBytes(Buffer.from(text, 'base64')) };
  } catch (error) {
    if (error instanceof StateFormatError) return { kind: 'unreadable', reason: error.message };
    throw error;
  }
}

function readBytes(bytes: Uint8Array): WindowContents {
  if (bytes.length < HEADER_BYTES || MAGIC.some((byte, i) => bytes[i] !== byte)) {
    throw new StateFormatError("the state is not cwagg's window state (its first bytes are not CWW)");
  }
  const version = bytes[3] as number;
  if (version !== STATE_FORMAT_VERSION) {
    throw new StateFormatError(
      `the state is version ${version} of cwagg's window state; this handler reads version ${STATE_FORMAT_VERSION}`,
    );
  }
  const flags = bytes[4] as number;
  if ((flags & ~DEFLATED) !== 0) throw new StateFormatError(`the state has unknown flags ${flags}`);
  const stored = bytes.subarray(HEADER_BYTES);
  const checksum = new DataView(bytes.buffer, bytes.byteOffset).getUint32(5);
  if (crc32(stored) !== checksum)
    throw new StateFormatError('the state is damaged: its checksum does not match');
  let body: Uint8Array = stored;
  if (flags & DEFLATED) {
    try {
      body = inflateRawSync(stored);
    } catch (error) {
      throw new StateFormatError(`the state does not inflate: ${(error as Error).message}`);
    }
  }
  return readBody(new ByteReader(body));
}

function readBody(reader: ByteReader): WindowContents {
  const windowStart = reader.double();
  const modeByte = reader.byte();
  if (modeByte > 1) throw new StateFormatError(`the state names an unknown mode ${modeByte}`);
  const relativeError = modeByte === 1 ? reader.double() : undefined;
  if (relativeError !== undefined && !(relativeError > 0 && relativeError < 1)) {
    throw new StateFormatError(`the state's relative error ${relativeError} is not between 0 and 1`);
  }
  const contents = emptyContents(
    relativeError === undefined ? { kind: 'exact' } : { kind: 'bounded', relativeError },
    windowStart,
  );
  contents.records = reader.varint();
  contents.earlyFlushes = reader.varint();
  contents.invalidRecords = reader.varint();
  const texts: string[] = [];
  const count = reader.varint();
  for (let i = 0; i < count; i++) texts.push(reader.string());
  const text = (index = reader.varint()): string => {
    const found = texts[index];
    if (found === undefined) throw new StateFormatError(`the state names string ${index} of ${texts.length}`);
    return found;
  };
  const counts = (into: Map<string, number>) => {
    const n = reader.varint();
    for (let i = 0; i < n; i++) into.set(text(), reader.varint());
  };
  counts(contents.invalidValues);
  counts(contents.folded);
  const keptCount = reader.varint();
  for (let i = 0; i < keptCount; i++) {
    const kept: KeptValues = { namespace: text(), dimension: text(), overflow: text(), values: [] };
    const n = reader.varint();
    for (let j = 0; j < n; j++) kept.values.push(text());
    contents.kept.push(kept);
  }
  const seriesCount = reader.varint();
  for (let i = 0; i < seriesCount; i++) readSeries(reader, text, contents);
  if (!reader.done) throw new StateFormatError('the state has bytes after its end');
  return contents;
}

function readSeries(reader: ByteReader, text: (index?: number) => string, contents: WindowContents): void {
  const namespace = text();
  const name = text();
  const unitIndex = reader.varint();
  const resolution = reader.byte();
  if (resolution !== 0 && resolution !== 1 && resolution !== 60) {
    throw new StateFormatError(`the state names a storage resolution of ${resolution}`);
  }
  const entries: [string, string][] = [];
  const dimensionCount = reader.varint();
  for (let d = 0; d < dimensionCount; d++) entries.push([text(), text()]);
  // fromEntries defines own properties: assigning would turn a dimension named "__proto__" into a prototype.
  const dimensions: Record<string, string> = Object.fromEntries(entries);
  const definition: MetricDefinition = {
    name,
    dimensions,
    ...(unitIndex === 0 ? {} : { unit: text(unitIndex - 1) as Unit }),
    ...(resolution === 0 ? {} : { storageResolution: resolution as 1 | 60 }),
  };
  const entry: SeriesValues = { namespace, definition, exact: new Map(), buckets: new Map() };
  const key = seriesKey(namespace, definition);
  if (contents.series.has(key)) throw new StateFormatError(`the state holds series ${key} twice`);
  contents.series.set(key, entry);
  const periods = reader.varint();
  for (let p = 0; p < periods; p++) {
    const start = reader.varint() * 1000;
    const n = reader.varint();
    if (contents.mode.kind === 'bounded') {
      const buckets = new Map();
      for (let i = 0; i < n; i++) {
        const code = reader.varint();
        const key = code === 0 ? ZERO_BUCKET : (code - 1) % 2 === 0 ? (code - 1) / 2 : -code / 2;
        const stats = {
          count: positiveCount(reader),
          sum: reader.double(),
          min: reader.value(),
          max: reader.value(),
        };
        if (!Number.isFinite(stats.sum) || stats.min > stats.max) {
          throw new StateFormatError(`the state holds a bucket whose statistics do not add up`);
        }
        buckets.set(key, stats);
      }
      entry.buckets.set(start, buckets);
    } else {
      const values = new Map<number, number>();
      for (let i = 0; i < n; i++) values.set(reader.value(), positiveCount(reader));
      entry.exact.set(start, values);
    }
  }
}

function positiveCount(reader: ByteReader): number {
  const count = reader.varint();
  if (count === 0) throw new StateFormatError('the state holds a count of 0');
  return count;
}
