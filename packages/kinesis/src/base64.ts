/**
 * Strict standard base64 (RFC 4648 with padding, as Kinesis delivers record data), decoded into a caller's
 * buffer so the common small record costs no allocation. Node's own decoder silently skips invalid
 * characters, which would turn garbage into plausible bytes.
 */

const INVALID = -1;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const SEXTETS = new Int8Array(256).fill(INVALID);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;
const PAD = 61; // '='

/** Returned when the data is not valid base64. */
export const NOT_BASE64 = -1;
/** Returned when the decoded bytes would not fit the buffer given. */
export const TOO_LONG = -2;

/** Number of bytes `data` decodes to, or NOT_BASE64. */
export function decodedLength(data: string): number {
  const n = data.length;
  if ((n & 3) !== 0) return NOT_BASE64;
  if (n === 0) return 0;
  let padding = 0;
  if (data.charCodeAt(n - 1) === PAD) padding = data.charCodeAt(n - 2) === PAD ? 2 : 1;
  return (n >> 2) * 3 - padding;
}

/** Decodes `data` into `out`, returning the byte count, NOT_BASE64 or TOO_LONG. */
export function decodeBase64Into(data: string, out: Uint8Array): number {
  const length = decodedLength(data);
  if (length < 0) return NOT_BASE64;
  if (length > out.length) return TOO_LONG;
  const n = data.length;
  const fullGroups = length === 0 ? 0 : (n >> 2) - (length % 3 === 0 ? 0 : 1);
  let o = 0;
  let i = 0;
  for (let g = 0; g < fullGroups; g++, i += 4) {
    const a = sextet(data, i);
    const b = sextet(data, i + 1);
    const c = sextet(data, i + 2);
    const d = sextet(data, i + 3);
    if ((a | b | c | d) < 0) return NOT_BASE64;
    out[o++] = (a << 2) | (b >> 4);
    out[o++] = ((b & 15) << 4) | (c >> 2);
    out[o++] = ((c & 3) << 6) | d;
  }
  const rest = length - o;
  if (rest > 0) {
    const a = sextet(data, i);
    const b = sextet(data, i + 1);
    if ((a | b) < 0) return NOT_BASE64;
    out[o++] = (a << 2) | (b >> 4);
    if (rest === 2) {
      const c = sextet(data, i + 2);
      if (c < 0) return NOT_BASE64;
      out[o++] = ((b & 15) << 4) | (c >> 2);
    }
  }
  return length;
}

function sextet(data: string, at: number): number {
  const code = data.charCodeAt(at);
  return code < 256 ? (SEXTETS[code] as number) : INVALID;
}

/** Decodes base64 of any size into a new buffer, or returns undefined when it is not valid base64. */
export function decodeBase64(data: string): Uint8Array | undefined {
  const length = decodedLength(data);
  if (length < 0) return undefined;
  const out = new Uint8Array(length);
  return decodeBase64Into(data, out) === length ? out : undefined;
}
