/**
 * VALUE_FIELD's commonest record, `{"value":N}` (one member, as any JSON writer spells it), read from its
 * base64 without decoding the key: the record's data must start with the base64 of `{"value":` (its whole
 * 3-byte groups), and the few bytes after those decode to the rest of that prefix, JSON whitespace, a JSON
 * number, whitespace, `}` and whitespace, nothing else. Anything else (another spelling of the key, more
 * members, a duplicate key, a nested path) returns false and takes the scanner, then JSON.parse. At batch 150
 * the scanner's walk over the object was about a sixth of the CPU time of such records.
 */
import { decodeBase64Into } from '../base64.js';
import { FAIL, numberRead, readNumber, skipSpace } from './json-scan.js';

const RIGHT_BRACE = 0x7d;
/** Bytes after the prefix's whole groups that this path decodes: a number of 15 digits fits many times. */
const MAX_TAIL_BYTES = 64;

export class SingleFieldReader {
  /** The base64 of the whole 3-byte groups of `{"<key>":`. */
  private readonly groups: string;
  /** The bytes of `{"<key>":` after those groups (0 to 2 of them). */
  private readonly rest: Uint8Array;
  private readonly tail = new Uint8Array(MAX_TAIL_BYTES);

  constructor(key: string) {
    const prefix = Buffer.from(`{${JSON.stringify(key)}:`, 'utf8');
    const whole = prefix.length - (prefix.length % 3);
    this.groups = prefix.subarray(0, whole).toString('base64');
    this.rest = Uint8Array.from(prefix.subarray(whole));
  }

  /** Writes the member's value to `out[at]` and returns true when `data` is exactly such a record. */
  read(data: string, out: Float64Array, at: number): boolean {
    const groups = this.groups;
    if (data.length <= groups.length || !data.startsWith(groups)) return false;
    const tail = this.tail;
    const end = decodeBase64Into(data, tail, groups.length);
    if (end < 0) return false;
    const rest = this.rest;
    for (let i = 0; i < rest.length; i++) if (tail[i] !== rest[i]) return false;
    let pos = skipSpace(tail, rest.length, end);
    pos = readNumber(tail, pos, end);
    if (pos === FAIL) return false;
    pos = skipSpace(tail, pos, end);
    if (pos >= end || tail[pos] !== RIGHT_BRACE) return false;
    if (skipSpace(tail, pos + 1, end) !== end) return false;
    out[at] = numberRead[0] as number;
    return true;
  }
}
