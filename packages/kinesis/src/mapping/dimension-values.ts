/**
 * The distinct values one dimension meets in an invocation, each with a small id: records name a value by its
 * bytes (the fast path) or by its text (the full parse), and both find the same id. Each id keeps its text,
 * whether CloudWatch takes it, and what the cardinality guard made of it, decided once.
 */
import type { CardinalityScope, CompiledDimension } from '@cwagg/core/mapping';
import { dimensionFromText } from '@cwagg/core/mapping';

/** The guard has not seen this value yet. */
const UNDECIDED = -1;
/**
 * The kept index standing for the overflow value: above any real one (a dimension keeps fewer than
 * MAX_DIMENSION_VALUES_CAP values), so kept indexes fit 14 bits and three of them one safe integer.
 */
export const OVERFLOW_INDEX = 10_000;
export const KEPT_INDEX_BITS = 14;

/**
 * FNV-1a over a byte range: the bucket of a value named by its bytes. Kept to 30 bits, a small integer V8
 * never boxes: an unsigned 32-bit hash past 2^31 was a heap number, allocated and hashed again as a Map key.
 */
function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = 0x811c9dc5;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ (bytes[i] as number), 0x01000193);
  return hash & 0x3fffffff;
}

/**
 * Slots of the table of values met last, by the low bits of their hash: a value met again is found there with
 * one comparison of its bytes, without the Map (a dimension of a few dozen values mostly hits it).
 */
const RECENT_SLOTS = 256;
const NO_ID = -1;

export class DimensionValues {
  readonly texts: string[] = [];
  /** Per id: why CloudWatch refuses the value (a person's words), or undefined when it takes it. */
  readonly problems: (string | undefined)[] = [];
  /** Per id: its index among the values the guard kept, OVERFLOW_INDEX, or UNDECIDED. */
  private readonly kept: number[] = [];
  private keptCount = 0;
  private readonly byText = new Map<string, number>();
  private readonly byHash = new Map<number, number[]>();
  private readonly byNumber = new Map<number, number>();
  /** Per slot (RECENT_SLOTS), the id of the value last named by bytes whose hash falls there, or NO_ID. */
  private readonly recent = new Int32Array(RECENT_SLOTS).fill(NO_ID);

  constructor(
    readonly dimension: CompiledDimension,
    private readonly namespace: string,
  ) {}

  /** Forgets every value: a new invocation, a new cardinality scope. */
  reset(): void {
    this.texts.length = 0;
    this.problems.length = 0;
    this.kept.length = 0;
    this.keptCount = 0;
    this.byText.clear();
    this.byHash.clear();
    this.byNumber.clear();
    this.recent.fill(NO_ID);
  }

  idOfText(text: string): number {
    let id = this.byText.get(text);
    if (id === undefined) {
      id = this.texts.length;
      this.texts.push(text);
      this.problems.push(dimensionFromText(this.dimension, text).detail);
      this.kept.push(UNDECIDED);
      this.byText.set(text, id);
    }
    return id;
  }

  /** The id of a number's text (`200`, `0.5`, `1e+21`): a number dimension is its text, as JSON.parse gives it. */
  idOfNumber(value: number): number {
    let id = this.byNumber.get(value);
    if (id === undefined) {
      id = this.idOfText(String(value));
      this.byNumber.set(value, id);
    }
    return id;
  }

  /** The id of the printable-ASCII text at bytes[start, end) (the scanner only hands over such strings). */
  idOfBytes(bytes: Uint8Array, start: number, end: number): number {
    const hash = hashBytes(bytes, start, end);
    const slot = hash & (RECENT_SLOTS - 1);
    const last = this.recent[slot] as number;
    if (last !== NO_ID && sameText(this.texts[last] as string, bytes, start, end)) return last;
    const id = this.idOfHashedBytes(hash, bytes, start, end);
    this.recent[slot] = id;
    return id;
  }

  private idOfHashedBytes(hash: number, bytes: Uint8Array, start: number, end: number): number {
    const candidates = this.byHash.get(hash);
    if (candidates !== undefined) {
      for (const id of candidates) if (sameText(this.texts[id] as string, bytes, start, end)) return id;
    }
    const text = String.fromCharCode.apply(null, bytes.subarray(start, end) as unknown as number[]);
    const id = this.idOfText(text);
    if (candidates === undefined) this.byHash.set(hash, [id]);
    else candidates.push(id);
    return id;
  }

  /** The value's kept index, or OVERFLOW_INDEX: asked of the guard the first time the value is published. */
  keptIndex(id: number, scope: CardinalityScope): number {
    let index = this.kept[id] as number;
    if (index === UNDECIDED) {
      index = scope.keeps(this.namespace, this.dimension, this.texts[id] as string)
        ? this.keptCount++
        : OVERFLOW_INDEX;
      this.kept[id] = index;
    }
    return index;
  }
}

function sameText(text: string, bytes: Uint8Array, start: number, end: number): boolean {
  if (text.length !== end - start) return false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) !== bytes[start + i]) return false;
  return true;
}
