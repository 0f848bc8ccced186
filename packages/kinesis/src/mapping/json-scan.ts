/**
 * The JSON fast path: one pass over a record's UTF-8 bytes that fills the slots a field plan asks for, without
 * building a JavaScript object or a string per record. It validates everything it passes over as strictly as
 * JSON.parse does, and gives up (returns false) on anything it does not handle itself: escapes in keys or in
 * dimension strings, non-ASCII dimension strings, a slot holding an array, an object, true, false or null, a
 * plan key marked to bail, nesting deeper than it tracks, and every kind of malformed JSON. The caller then
 * takes the full parse, which explains the record; where the scanner succeeds, its slots are what the full
 * parse reads from the same bytes (the property tests hold it to that).
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

/** Containers skipped inside one another beyond this depth send the record to JSON.parse (which has no limit). */
const MAX_SKIP_DEPTH = 64;
/** Up to 15 significant digits an integer mantissa stays exact, so mantissa / 10^k rounds exactly once. */
const MAX_FAST_DIGITS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_FAST_DIGITS + 1 }, (_, i) => 10 ** i);

/** JSON's whitespace: space, tab, line feed, carriage return (nothing else, unlike String.prototype.trim). */
function isJsonSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isDigit(byte: number): boolean {
  return byte >= ZERO && byte <= NINE;
}

function isHex(byte: number): boolean {
  return (byte >= ZERO && byte <= NINE) || (byte >= 0x41 && byte <= 0x46) || (byte >= 0x61 && byte <= 0x66);
}

const ESCAPABLE = new Uint8Array(128);
for (const c of '"\\/bfnrt') ESCAPABLE[c.charCodeAt(0)] = 1;

const LITERALS = [
  [0x74, 0x72, 0x75, 0x65], // true
  [0x66, 0x61, 0x6c, 0x73, 0x65], // false
  [0x6e, 0x75, 0x6c, 0x6c], // null
];

export class JsonFieldScanner {
  /** Per slot: ABSENT, NUMBER or PLAIN_STRING. */
  readonly kinds: Uint8Array;
  readonly numbers: Float64Array;
  /** Byte offsets of a PLAIN_STRING's content (without the quotes). */
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  private bytes: Uint8Array = new Uint8Array(0);
  private pos = 0;
  private end = 0;
  /** The value of the number just read. */
  private number = 0;
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
    this.kinds.fill(ABSENT);
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.skipSpace();
    if (!this.object(this.plan.root)) return false;
    this.skipSpace();
    return this.pos === end;
  }

  private at(position: number): number {
    return position < this.end ? (this.bytes[position] as number) : -1;
  }

  private skipSpace(): void {
    while (this.pos < this.end && isJsonSpace(this.bytes[this.pos] as number)) this.pos++;
  }

  /** An object whose keys are looked up in `level`. */
  private object(level: PlanLevel): boolean {
    if (this.at(this.pos) !== LEFT_BRACE) return false;
    this.pos++;
    this.skipSpace();
    if (this.at(this.pos) === RIGHT_BRACE) {
      this.pos++;
      return true;
    }
    for (;;) {
      if (this.at(this.pos) !== QUOTE) return false;
      const keyStart = this.pos + 1;
      const keyEnd = this.stringEnd(keyStart, false);
      if (keyEnd < 0) return false;
      this.pos = keyEnd + 1;
      this.skipSpace();
      if (this.at(this.pos) !== COLON) return false;
      this.pos++;
      this.skipSpace();
      const entry = this.lookup(level, keyStart, keyEnd);
      if (entry === undefined) {
        if (!this.skipValue()) return false;
      } else {
        if (entry.bail) return false;
        // A key seen again replaces what the first one held, as JSON.parse keeps the last.
        for (const slot of entry.below) this.kinds[slot] = ABSENT;
        if (!this.entryValue(entry)) return false;
      }
      this.skipSpace();
      const next = this.at(this.pos);
      this.pos++;
      if (next === RIGHT_BRACE) return true;
      if (next !== COMMA) return false;
      this.skipSpace();
    }
  }

  private lookup(level: PlanLevel, start: number, end: number): PlanEntry | undefined {
    const length = end - start;
    const { keys } = level;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k] as Uint8Array;
      if (key.length !== length) continue;
      let same = true;
      for (let i = 0; i < length; i++) {
        if (key[i] !== this.bytes[start + i]) {
          same = false;
          break;
        }
      }
      if (same) return level.entries[k];
    }
    return undefined;
  }

  /** The value of a key the plan reads. */
  private entryValue(entry: PlanEntry): boolean {
    const first = this.at(this.pos);
    const { slots, uses } = entry;
    if (first === QUOTE) {
      // Strings only ever fill dimensions, and only plain ones here: the full parse names the rest.
      for (let k = 0; k < uses.length; k++) if (uses[k] === METRIC_SLOT) return false;
      const start = this.pos + 1;
      const end = this.stringEnd(start, true);
      if (end < 0) return false;
      this.pos = end + 1;
      if (slots.length === 0) return true;
      for (const slot of slots) {
        this.kinds[slot] = PLAIN_STRING;
        this.starts[slot] = start;
        this.ends[slot] = end;
      }
      return true;
    }
    if (first === MINUS || isDigit(first)) {
      if (!this.readNumber()) return false;
      for (const slot of slots) {
        this.kinds[slot] = NUMBER;
        this.numbers[slot] = this.number;
      }
      return true;
    }
    // An object, array or literal in a slot: the full parse says what it is.
    if (slots.length > 0) return false;
    if (first === LEFT_BRACE && entry.child !== undefined) return this.object(entry.child);
    return this.skipValue();
  }

  /**
   * Reads a JSON number at `pos` into `number`. Plain decimals of up to 15 digits are computed from their
   * digits, exactly; the rest (exponents, long mantissas) go through Number(), which rounds as JSON.parse does.
   */
  private readNumber(): boolean {
    const { bytes } = this;
    const from = this.pos;
    let i = from;
    const negative = this.at(i) === MINUS;
    if (negative) i++;
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let plain = true;
    const first = this.at(i);
    if (first === ZERO) {
      i++;
      digits = 1;
    } else if (first > ZERO && first <= NINE) {
      while (i < this.end && isDigit(bytes[i] as number)) {
        mantissa = mantissa * 10 + ((bytes[i] as number) - ZERO);
        digits++;
        i++;
      }
    } else {
      return false;
    }
    if (this.at(i) === DOT) {
      i++;
      if (!isDigit(this.at(i))) return false;
      while (i < this.end && isDigit(bytes[i] as number)) {
        mantissa = mantissa * 10 + ((bytes[i] as number) - ZERO);
        digits++;
        fractionDigits++;
        i++;
      }
    }
    const exponent = this.at(i);
    if (exponent === LOWER_E || exponent === UPPER_E) {
      plain = false;
      i++;
      const sign = this.at(i);
      if (sign === PLUS || sign === MINUS) i++;
      if (!isDigit(this.at(i))) return false;
      while (i < this.end && isDigit(bytes[i] as number)) i++;
    }
    this.pos = i;
    if (plain && digits <= MAX_FAST_DIGITS) {
      const magnitude =
        fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] as number);
      this.number = negative ? -magnitude : magnitude;
    } else {
      this.number = Number(String.fromCharCode.apply(null, bytes.subarray(from, i) as unknown as number[]));
    }
    return true;
  }

  /**
   * The index of the quote closing a string whose content starts at `start`, or -1 when the scanner does not
   * take it: malformed (a control character, a bad escape, invalid UTF-8), or, when `plain` is asked for, any
   * escape or byte outside ASCII. Keys are never taken with escapes: they could not be compared as bytes.
   */
  private stringEnd(start: number, plain: boolean): number {
    const { bytes, end } = this;
    let i = start;
    while (i < end) {
      const byte = bytes[i] as number;
      if (byte === QUOTE) return i;
      if (byte < 0x20) return -1;
      if (byte === BACKSLASH) return -1;
      if (byte < 0x80) {
        i++;
        continue;
      }
      if (plain) return -1;
      const length = utf8SequenceLength(bytes, i, end);
      if (length === 0) return -1;
      i += length;
    }
    return -1;
  }

  /** Like stringEnd for a value nobody reads: escapes are checked, not decoded. */
  private skipString(): boolean {
    const { bytes, end } = this;
    let i = this.pos + 1;
    while (i < end) {
      const byte = bytes[i] as number;
      if (byte === QUOTE) {
        this.pos = i + 1;
        return true;
      }
      if (byte < 0x20) return false;
      if (byte === BACKSLASH) {
        const escaped = this.at(i + 1);
        if (escaped === 0x75) {
          for (let k = 2; k < 6; k++) if (!isHex(this.at(i + k))) return false;
          i += 6;
        } else if (escaped >= 0 && escaped < 128 && ESCAPABLE[escaped] === 1) {
          i += 2;
        } else {
          return false;
        }
        continue;
      }
      if (byte < 0x80) {
        i++;
        continue;
      }
      const length = utf8SequenceLength(bytes, i, end);
      if (length === 0) return false;
      i += length;
    }
    return false;
  }

  private skipLiteral(): boolean {
    const first = this.at(this.pos);
    for (const literal of LITERALS) {
      if (literal[0] !== first) continue;
      for (let k = 1; k < literal.length; k++) if (this.at(this.pos + k) !== literal[k]) return false;
      this.pos += literal.length;
      return true;
    }
    return false;
  }

  /** Passes over one JSON value of any kind, checking it, without recursion. */
  private skipValue(): boolean {
    const containers = this.containers;
    let depth = 0;
    for (;;) {
      // A value starts here.
      this.skipSpace();
      const first = this.at(this.pos);
      let opened = false;
      if (first === QUOTE) {
        if (!this.skipString()) return false;
      } else if (first === MINUS || isDigit(first)) {
        if (!this.readNumber()) return false;
      } else if (first === LEFT_BRACE || first === LEFT_BRACKET) {
        if (depth === MAX_SKIP_DEPTH) return false;
        containers[depth++] = first;
        this.pos++;
        this.skipSpace();
        const close = first === LEFT_BRACE ? RIGHT_BRACE : RIGHT_BRACKET;
        if (this.at(this.pos) === close) {
          this.pos++;
          depth--;
        } else {
          opened = true;
          if (first === LEFT_BRACE && !this.skipKey()) return false;
        }
      } else if (!this.skipLiteral()) {
        return false;
      }
      if (opened) continue;
      // After a value: close containers, or move to the next member or element.
      for (;;) {
        if (depth === 0) return true;
        this.skipSpace();
        const next = this.at(this.pos);
        const container = containers[depth - 1];
        this.pos++;
        if (next === COMMA) {
          if (container === LEFT_BRACE && !this.skipKey()) return false;
          break;
        }
        if (
          (next === RIGHT_BRACE && container === LEFT_BRACE) ||
          (next === RIGHT_BRACKET && container === LEFT_BRACKET)
        ) {
          depth--;
          continue;
        }
        return false;
      }
    }
  }

  /** A member's key and its colon, inside an object being skipped. */
  private skipKey(): boolean {
    this.skipSpace();
    if (this.at(this.pos) !== QUOTE || !this.skipString()) return false;
    this.skipSpace();
    if (this.at(this.pos) !== COLON) return false;
    this.pos++;
    return true;
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
