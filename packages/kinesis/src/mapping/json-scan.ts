/**
 * The JSON fast path: one pass over a record's UTF-8 bytes that fills the slots a field plan asks for, without
 * building a JavaScript object or a string per record. It validates everything it passes over as strictly as
 * JSON.parse does, and gives up (returns false) on anything it does not handle itself: escapes in keys or in
 * dimension strings, non-ASCII dimension strings, a slot holding an array, an object, true, false or null, a
 * plan key marked to bail, nesting deeper than it tracks, and every kind of malformed JSON. The caller then
 * takes the full parse, which explains the record; where the scanner succeeds, its slots are what the full
 * parse reads from the same bytes (the property tests hold it to that).
 *
 * Written as functions over (bytes, position, end) that return the next position, or FAIL: positions stay in
 * registers, where fields of a scanner object were read and written through memory at every byte.
 */
import {
  ABSENT,
  type FieldPlan,
  METRIC_SLOT,
  NUMBER,
  PLAIN_STRING,
  type PlanEntry,
  type PlanLevel,
} from './field-plan.js';

/** Returned instead of a position: the scanner does not take this record. */
export const FAIL = -1;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LEFT_BRACE = 0x7b;
const RIGHT_BRACE = 0x7d;
const LEFT_BRACKET = 0x5b;
const RIGHT_BRACKET = 0x5d;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;
const LOWER_E = 0x65;
const UPPER_E = 0x45;
const LOWER_U = 0x75;

/** Containers skipped inside one another beyond this depth send the record to JSON.parse (which has no limit). */
const MAX_SKIP_DEPTH = 64;
/** Up to 15 significant digits an integer mantissa stays exact, so mantissa / 10^k rounds exactly once. */
const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, i) => 10 ** i);

/** Where a number read goes: a double returned from a call V8 does not inline is boxed on the heap. */
export const numberRead = new Float64Array(1);

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

function isHex(byte: number): boolean {
  return (byte >= ZERO && byte <= NINE) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

/** JSON's whitespace: space, tab, line feed, carriage return (nothing else, unlike String.prototype.trim). */
export function skipSpace(bytes: Uint8Array, pos: number, end: number): number {
  while (pos < end) {
    const byte = bytes[pos] as number;
    // Most bytes after a token are not whitespace: one comparison says so.
    if (byte > 0x20 || (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09)) break;
    pos++;
  }
  return pos;
}

function at(bytes: Uint8Array, pos: number, end: number): number {
  return pos < end ? (bytes[pos] as number) : -1;
}

const ESCAPABLE = new Uint8Array(128);
for (const c of '"\\/bfnrt') ESCAPABLE[c.charCodeAt(0)] = 1;

/**
 * Reads a JSON number at `pos` into numberRead[0]. Plain decimals of up to 15 digits are computed from their
 * digits, exactly; the rest (exponents, long mantissas) go through Number(), which rounds as JSON.parse does.
 */
export function readNumber(bytes: Uint8Array, pos: number, end: number): number {
  let i = pos;
  const negative = bytes[i] === MINUS;
  if (negative) i++;
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let plain = true;
  const first = at(bytes, i, end);
  if (first === ZERO) {
    i++;
    digits = 1;
  } else if (first > ZERO && first <= NINE) {
    while (i < end) {
      const digit = (bytes[i] as number) - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digits++;
      i++;
    }
  } else {
    return FAIL;
  }
  if (i < end && bytes[i] === DOT) {
    i++;
    if (!isDigit(at(bytes, i, end))) return FAIL;
    while (i < end) {
      const digit = (bytes[i] as number) - ZERO;
      if (digit < 0 || digit > 9) break;
      mantissa = mantissa * 10 + digit;
      digits++;
      fractionDigits++;
      i++;
    }
  }
  const exponent = at(bytes, i, end);
  if (exponent === LOWER_E || exponent === UPPER_E) {
    plain = false;
    i++;
    const sign = at(bytes, i, end);
    if (sign === PLUS || sign === MINUS) i++;
    if (!isDigit(at(bytes, i, end))) return FAIL;
    while (i < end && isDigit(bytes[i] as number)) i++;
  }
  if (plain && digits <= MAX_FAST_DIGITS) {
    const magnitude = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] as number);
    numberRead[0] = negative ? -magnitude : magnitude;
  } else {
    numberRead[0] = Number(String.fromCharCode.apply(null, bytes.subarray(pos, i) as unknown as number[]));
  }
  return i;
}

/**
 * Each byte's part in a string: most are plain (printable ASCII other than a quote or a backslash), so that a
 * string's bytes cost one lookup and one test each instead of four comparisons.
 */
const PLAIN = 0;
const CLOSES = 1;
const ESCAPES = 2;
const CONTROL = 3;
const MULTIBYTE = 4;
const IN_STRING = new Uint8Array(256).fill(MULTIBYTE);
IN_STRING.fill(CONTROL, 0, 0x20);
IN_STRING.fill(PLAIN, 0x20, 0x80);
IN_STRING[QUOTE] = CLOSES;
IN_STRING[BACKSLASH] = ESCAPES;

/**
 * The index of the quote closing a string whose content starts at `start`, or FAIL when the scanner does not
 * take it: malformed (a control character, invalid UTF-8), an escape, or, when `plain` is asked for, a byte
 * outside ASCII. Keys are never taken with escapes: they could not be compared as bytes.
 */
function stringEnd(bytes: Uint8Array, start: number, end: number, plain: boolean): number {
  let i = start;
  while (i < end) {
    const role = IN_STRING[bytes[i] as number] as number;
    if (role === PLAIN) {
      i++;
      continue;
    }
    if (role === CLOSES) return i;
    if (role !== MULTIBYTE || plain) return FAIL;
    const length = utf8SequenceLength(bytes, i, end);
    if (length === 0) return FAIL;
    i += length;
  }
  return FAIL;
}

/** Past a string nobody reads (`pos` at its opening quote): escapes are checked, not decoded. */
function skipString(bytes: Uint8Array, pos: number, end: number): number {
  let i = pos + 1;
  while (i < end) {
    const role = IN_STRING[bytes[i] as number] as number;
    if (role === PLAIN) {
      i++;
      continue;
    }
    if (role === CLOSES) return i + 1;
    if (role === CONTROL) return FAIL;
    if (role === ESCAPES) {
      const escaped = at(bytes, i + 1, end);
      if (escaped === LOWER_U) {
        for (let k = 2; k < 6; k++) if (!isHex(at(bytes, i + k, end))) return FAIL;
        i += 6;
      } else if (escaped >= 0 && escaped < 128 && ESCAPABLE[escaped] === 1) {
        i += 2;
      } else {
        return FAIL;
      }
      continue;
    }
    const length = utf8SequenceLength(bytes, i, end);
    if (length === 0) return FAIL;
    i += length;
  }
  return FAIL;
}

const LITERALS = ['true', 'false', 'null'].map((word) => Array.from(word, (c) => c.charCodeAt(0)));

function skipLiteral(bytes: Uint8Array, pos: number, end: number): number {
  const first = at(bytes, pos, end);
  for (const literal of LITERALS) {
    if (literal[0] !== first) continue;
    for (let k = 1; k < literal.length; k++) if (at(bytes, pos + k, end) !== literal[k]) return FAIL;
    return pos + literal.length;
  }
  return FAIL;
}

/** A member's key and its colon, inside an object being skipped. */
function skipKey(bytes: Uint8Array, pos: number, end: number): number {
  pos = skipSpace(bytes, pos, end);
  if (at(bytes, pos, end) !== QUOTE) return FAIL;
  pos = skipString(bytes, pos, end);
  if (pos === FAIL) return FAIL;
  pos = skipSpace(bytes, pos, end);
  return at(bytes, pos, end) === COLON ? pos + 1 : FAIL;
}

/** Past one JSON value of any kind, checking it, without recursion (`containers` is the stack). */
function skipValue(bytes: Uint8Array, pos: number, end: number, containers: Uint8Array): number {
  let depth = 0;
  for (;;) {
    // A value starts here.
    pos = skipSpace(bytes, pos, end);
    const first = at(bytes, pos, end);
    let opened = false;
    if (first === QUOTE) {
      pos = skipString(bytes, pos, end);
    } else if (first === MINUS || isDigit(first)) {
      pos = readNumber(bytes, pos, end);
    } else if (first === LEFT_BRACE || first === LEFT_BRACKET) {
      if (depth === MAX_SKIP_DEPTH) return FAIL;
      containers[depth++] = first;
      pos = skipSpace(bytes, pos + 1, end);
      if (at(bytes, pos, end) === (first === LEFT_BRACE ? RIGHT_BRACE : RIGHT_BRACKET)) {
        pos++;
        depth--;
      } else {
        opened = true;
        if (first === LEFT_BRACE) pos = skipKey(bytes, pos, end);
      }
    } else {
      pos = skipLiteral(bytes, pos, end);
    }
    if (pos === FAIL) return FAIL;
    if (opened) continue;
    // After a value: close containers, or move to the next member or element.
    for (;;) {
      if (depth === 0) return pos;
      pos = skipSpace(bytes, pos, end);
      const next = at(bytes, pos, end);
      const container = containers[depth - 1];
      pos++;
      if (next === COMMA) {
        if (container === LEFT_BRACE) {
          pos = skipKey(bytes, pos, end);
          if (pos === FAIL) return FAIL;
        }
        break;
      }
      if (
        (next === RIGHT_BRACE && container === LEFT_BRACE) ||
        (next === RIGHT_BRACKET && container === LEFT_BRACKET)
      ) {
        depth--;
        continue;
      }
      return FAIL;
    }
  }
}

/**
 * The index of the plan key spelled by the bytes at `start` up to a closing quote, or -1. Compared before the
 * key's end is known: a key the plan reads is then passed in one comparison instead of a scan and a comparison
 * (the plan holds only keys a record writes as is, so a match is the whole key).
 */
function matchKey(level: PlanLevel, bytes: Uint8Array, start: number, end: number): number {
  if (start >= end) return -1;
  const { keys, sameFirstByte } = level;
  for (
    let k = level.firstWithByte[bytes[start] as number] as number;
    k >= 0;
    k = sameFirstByte[k] as number
  ) {
    const key = keys[k] as Uint8Array;
    const length = key.length;
    if (start + length >= end || bytes[start + length] !== QUOTE) continue;
    let i = 1;
    while (i < length && key[i] === bytes[start + i]) i++;
    if (i >= length) return k;
  }
  return -1;
}

export class JsonFieldScanner {
  /** Per slot: ABSENT, NUMBER or PLAIN_STRING. */
  readonly kinds: Uint8Array;
  readonly numbers: Float64Array;
  /** Byte offsets of a PLAIN_STRING's content (without the quotes). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private readonly containers = new Uint8Array(MAX_SKIP_DEPTH);

  constructor(private readonly plan: FieldPlan) {
    this.kinds = new Uint8Array(plan.slotCount);
    this.numbers = new Float64Array(plan.slotCount);
    this.starts = new Int32Array(plan.slotCount);
    this.ends = new Int32Array(plan.slotCount);
  }

  /**
   * Scans `bytes[start, end)` as one JSON object. True: the slots hold what the plan's paths hold (ABSENT where
   * a path leads nowhere). False: the record needs the full parse.
   */
  scan(bytes: Uint8Array, start: number, end: number): boolean {
    const kinds = this.kinds;
    for (let slot = 0; slot < kinds.length; slot++) kinds[slot] = ABSENT;
    let pos = skipSpace(bytes, start, end);
    pos = this.object(this.plan.root, bytes, pos, end);
    if (pos === FAIL) return false;
    return skipSpace(bytes, pos, end) === end;
  }

  /** An object whose keys are looked up in `level`; returns the position after it, or FAIL. */
  private object(level: PlanLevel, bytes: Uint8Array, pos: number, end: number): number {
    if (at(bytes, pos, end) !== LEFT_BRACE) return FAIL;
    pos = skipSpace(bytes, pos + 1, end);
    if (at(bytes, pos, end) === RIGHT_BRACE) return pos + 1;
    for (;;) {
      if (at(bytes, pos, end) !== QUOTE) return FAIL;
      const keyStart = pos + 1;
      const k = matchKey(level, bytes, keyStart, end);
      const keyEnd =
        k < 0 ? stringEnd(bytes, keyStart, end, false) : keyStart + (level.keys[k] as Uint8Array).length;
      if (keyEnd === FAIL) return FAIL;
      pos = skipSpace(bytes, keyEnd + 1, end);
      if (at(bytes, pos, end) !== COLON) return FAIL;
      pos = skipSpace(bytes, pos + 1, end);
      const entry = k < 0 ? undefined : level.entries[k];
      if (entry === undefined) {
        // Most members nobody reads are strings: past them at once, without the general skipper's set-up.
        pos =
          at(bytes, pos, end) === QUOTE
            ? skipString(bytes, pos, end)
            : skipValue(bytes, pos, end, this.containers);
      } else {
        if (entry.bail) return FAIL;
        // A key seen again replaces what the first one held, as JSON.parse keeps the last. A key read itself
        // has its slots overwritten (or the record fails); only the slots under a key read through are emptied.
        if (entry.slots.length === 0) {
          const { below } = entry;
          for (let k = 0; k < below.length; k++) this.kinds[below[k] as number] = ABSENT;
        }
        pos = this.entryValue(entry, bytes, pos, end);
      }
      if (pos === FAIL) return FAIL;
      pos = skipSpace(bytes, pos, end);
      const next = at(bytes, pos, end);
      pos++;
      if (next === RIGHT_BRACE) return pos;
      if (next !== COMMA) return FAIL;
      pos = skipSpace(bytes, pos, end);
    }
  }

  /** The value of a key the plan reads. */
  private entryValue(entry: PlanEntry, bytes: Uint8Array, pos: number, end: number): number {
    const first = at(bytes, pos, end);
    const { slots, uses } = entry;
    if (first === QUOTE) {
      // Strings only ever fill dimensions, and only plain ones here: the full parse names the rest.
      for (let k = 0; k < uses.length; k++) if (uses[k] === METRIC_SLOT) return FAIL;
      const close = stringEnd(bytes, pos + 1, end, true);
      if (close === FAIL) return FAIL;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k] as number;
        this.kinds[slot] = PLAIN_STRING;
        this.starts[slot] = pos + 1;
        this.ends[slot] = close;
      }
      return close + 1;
    }
    if (first === MINUS || isDigit(first)) {
      pos = readNumber(bytes, pos, end);
      if (pos === FAIL) return FAIL;
      const value = numberRead[0] as number;
      for (let k = 0; k < slots.length; k++) {
        const slot = slots[k] as number;
        this.kinds[slot] = NUMBER;
        this.numbers[slot] = value;
      }
      return pos;
    }
    // An object, array or literal in a slot: the full parse says what it is.
    if (slots.length > 0) return FAIL;
    if (first === LEFT_BRACE && entry.child !== undefined) return this.object(entry.child, bytes, pos, end);
    return skipValue(bytes, pos, end, this.containers);
  }
}

/**
 * The length of the well-formed UTF-8 sequence at `i` (2 to 4), or 0 when it is not one: the same bytes the
 * TextDecoder's fatal mode refuses (overlong forms, surrogates, code points past U+10FFFF, truncation).
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number, end: number): number {
  const lead = bytes[i] as number;
  const cont = (k: number, low = 0x80, high = 0xbf) => {
    if (i + k >= end) return false;
    const byte = bytes[i + k] as number;
    return byte >= low && byte <= high;
  };
  if (lead >= 0xc2 && lead <= 0xdf) return cont(1) ? 2 : 0;
  if (lead === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((lead >= 0xe1 && lead <= 0xec) || lead === 0xee || lead === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (lead === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (lead === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (lead >= 0xf1 && lead <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (lead === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
}
