/**
 * A CBOR (RFC 8949) decoder and encoder for what the Smithy RPC v2 CBOR protocol carries: integers,
 * floats (half, single, double), text and byte strings, arrays and maps (definite or indefinite length),
 * true, false, null, and tags (tag 1 holds a timestamp). Written here rather than taken from npm: the
 * decoder faces hostile bodies, so it must never allocate what a header merely declares (a 9-byte header
 * can declare a string of 2^64 bytes), never recurse without bound, and refuse what the protocol does not
 * use; and the endpoint keeps no runtime dependency beyond the workspace. Its output is checked against
 * the AWS SDK's own CBOR codec in the tests.
 */

/** A tagged item (major type 6). */
export class CborTag {
  constructor(
    readonly tag: number,
    readonly value: CborValue,
  ) {}
}

/** A number the encoder must write as a float64, even when it is whole (a Smithy double). */
export class CborFloat {
  constructor(readonly value: number) {}
}

export type CborValue =
  | number
  | bigint
  | string
  | boolean
  | null
  | undefined
  | Uint8Array
  | CborValue[]
  | { [key: string]: CborValue }
  | CborTag
  | CborFloat;

export class CborError extends Error {}

/** Nesting deeper than this is refused: no shape of the served operations is a tenth as deep. */
export const MAX_CBOR_DEPTH = 64;

const BREAK = Symbol('break');
const utf8 = new TextDecoder('utf-8', { fatal: true });

class Decoder {
  private offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.offset >= this.bytes.length;
  }

  private need(count: number): void {
    if (count > this.bytes.length - this.offset) {
      throw new CborError(
        `the body ends at byte ${this.bytes.length} where ${count} more bytes were declared`,
      );
    }
  }

  private byte(): number {
    this.need(1);
    return this.bytes[this.offset++] as number;
  }

  /** The argument of an initial byte: its value, or undefined for indefinite length (31). */
  private argument(info: number): number | bigint | undefined {
    if (info < 24) return info;
    let value: number | bigint;
    switch (info) {
      case 24:
        return this.byte();
      case 25:
        this.need(2);
        value = this.view.getUint16(this.offset);
        this.offset += 2;
        return value;
      case 26:
        this.need(4);
        value = this.view.getUint32(this.offset);
        this.offset += 4;
        return value;
      case 27:
        this.need(8);
        value = this.view.getBigUint64(this.offset);
        this.offset += 8;
        return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
      case 31:
        return undefined;
      default:
        throw new CborError(`reserved additional information ${info} at byte ${this.offset}`);
    }
  }

  /** A declared length, checked against the bytes left (each item takes at least one). */
  private length(info: number, unit: number): number | undefined {
    const value = this.argument(info);
    if (value === undefined) return undefined;
    if (typeof value === 'bigint') throw new CborError('a length beyond 2^53 was declared');
    this.need(value * unit);
    return value;
  }

  item(depth: number): CborValue | typeof BREAK {
    if (depth > MAX_CBOR_DEPTH) throw new CborError(`items nest deeper than ${MAX_CBOR_DEPTH}`);
    const initial = this.byte();
    const major = initial >> 5;
    const info = initial & 0x1f;
    switch (major) {
      case 0:
      case 1: {
        const value = this.argument(info);
        if (value === undefined) throw new CborError('an integer cannot have indefinite length');
        if (major === 0) return value;
        return typeof value === 'bigint' ? -1n - value : -1 - value;
      }
      case 2:
      case 3:
        return this.string(major, info, depth);
      case 4:
        return this.array(info, depth);
      case 5:
        return this.map(info, depth);
      case 6: {
        const tag = this.argument(info);
        if (tag === undefined) throw new CborError('a tag cannot have indefinite length');
        const value = this.item(depth + 1);
        if (value === BREAK) throw new CborError('a tag holds a break');
        return new CborTag(Number(tag), value);
      }
      default:
        return this.simple(info);
    }
  }

  private string(major: number, info: number, depth: number): string | Uint8Array {
    const length = this.length(info, 1);
    let bytes: Uint8Array;
    if (length !== undefined) {
      bytes = this.bytes.subarray(this.offset, this.offset + length);
      this.offset += length;
    } else {
      // Indefinite length: definite chunks of the same major type, up to a break.
      const chunks: Uint8Array[] = [];
      for (;;) {
        const chunk = this.item(depth + 1);
        if (chunk === BREAK) break;
        if (typeof chunk === 'string' && major === 3) chunks.push(Buffer.from(chunk, 'utf8'));
        else if (chunk instanceof Uint8Array && major === 2) chunks.push(chunk);
        else throw new CborError('an indefinite-length string holds a chunk of another type');
      }
      bytes = Buffer.concat(chunks);
    }
    if (major === 2) return Uint8Array.from(bytes);
    try {
      return utf8.decode(bytes);
    } catch {
      throw new CborError('a text string is not valid UTF-8');
    }
  }

  private array(info: number, depth: number): CborValue[] {
    const length = this.length(info, 1);
    const items: CborValue[] = [];
    for (let i = 0; length === undefined || i < length; i++) {
      const item = this.item(depth + 1);
      if (item === BREAK) {
        if (length !== undefined) throw new CborError('a break inside a definite-length array');
        break;
      }
      items.push(item);
    }
    return items;
  }

  private map(info: number, depth: number): { [key: string]: CborValue } {
    const length = this.length(info, 2);
    // No prototype: a key such as "__proto__" is just a key.
    const map: { [key: string]: CborValue } = Object.create(null);
    for (let i = 0; length === undefined || i < length; i++) {
      const key = this.item(depth + 1);
      if (key === BREAK) {
        if (length !== undefined) throw new CborError('a break inside a definite-length map');
        break;
      }
      if (typeof key !== 'string') throw new CborError('a map key is not a text string');
      if (Object.hasOwn(map, key))
        throw new CborError(`the map key ${JSON.stringify(key.slice(0, 100))} appears twice`);
      const value = this.item(depth + 1);
      if (value === BREAK) throw new CborError('a map key has no value');
      map[key] = value;
    }
    return map;
  }

  private simple(info: number): CborValue | typeof BREAK {
    switch (info) {
      case 20:
        return false;
      case 21:
        return true;
      case 22:
        return null;
      case 23:
        return undefined;
      case 25: {
        this.need(2);
        const half = this.view.getUint16(this.offset);
        this.offset += 2;
        return halfToNumber(half);
      }
      case 26: {
        this.need(4);
        const value = this.view.getFloat32(this.offset);
        this.offset += 4;
        return value;
      }
      case 27: {
        this.need(8);
        const value = this.view.getFloat64(this.offset);
        this.offset += 8;
        return value;
      }
      case 31:
        return BREAK;
      default:
        throw new CborError(`the simple value ${info} is not used by the protocol`);
    }
  }
}

function halfToNumber(half: number): number {
  const exponent = (half >> 10) & 0x1f;
  const fraction = half & 0x3ff;
  const sign = half & 0x8000 ? -1 : 1;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction === 0 ? sign * Number.POSITIVE_INFINITY : Number.NaN;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** Decodes exactly one CBOR item; anything after it is an error. */
export function decodeCbor(bytes: Uint8Array): CborValue {
  const decoder = new Decoder(bytes);
  const value = decoder.item(0);
  if (value === BREAK) throw new CborError('the body is a lone break');
  if (!decoder.done) throw new CborError('bytes follow the first item');
  return value;
}

class Encoder {
  private readonly chunks: Buffer[] = [];

  private head(major: number, value: number | bigint): void {
    const m = major << 5;
    if (typeof value === 'number' && value < 24) this.chunks.push(Buffer.of(m | value));
    else if (typeof value === 'number' && value < 0x100) this.chunks.push(Buffer.of(m | 24, value));
    else if (typeof value === 'number' && value < 0x10000) {
      const b = Buffer.alloc(3);
      b[0] = m | 25;
      b.writeUInt16BE(value, 1);
      this.chunks.push(b);
    } else if (typeof value === 'number' && value < 0x100000000) {
      const b = Buffer.alloc(5);
      b[0] = m | 26;
      b.writeUInt32BE(value, 1);
      this.chunks.push(b);
    } else {
      const b = Buffer.alloc(9);
      b[0] = m | 27;
      b.writeBigUInt64BE(BigInt(value), 1);
      this.chunks.push(b);
    }
  }

  private float(value: number): void {
    const b = Buffer.alloc(9);
    b[0] = 0xfb;
    b.writeDoubleBE(value, 1);
    this.chunks.push(b);
  }

  value(value: CborValue): void {
    if (value === undefined || value === null || value === true || value === false) {
      this.chunks.push(Buffer.of(value === undefined ? 0xf7 : value === null ? 0xf6 : value ? 0xf5 : 0xf4));
    } else if (value instanceof CborFloat) {
      this.float(value.value);
    } else if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) this.float(value);
      else if (value >= 0) this.head(0, value);
      else this.head(1, -1 - value);
    } else if (typeof value === 'bigint') {
      if (value >= 0n) this.head(0, value);
      else this.head(1, -1n - value);
    } else if (typeof value === 'string') {
      const bytes = Buffer.from(value, 'utf8');
      this.head(3, bytes.length);
      this.chunks.push(bytes);
    } else if (value instanceof Uint8Array) {
      this.head(2, value.length);
      this.chunks.push(Buffer.from(value));
    } else if (value instanceof CborTag) {
      this.head(6, value.tag);
      this.value(value.value);
    } else if (Array.isArray(value)) {
      this.head(4, value.length);
      for (const item of value) this.value(item);
    } else {
      const entries = Object.entries(value).filter(([, v]) => v !== undefined);
      this.head(5, entries.length);
      for (const [key, item] of entries) {
        this.value(key);
        this.value(item);
      }
    }
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/** Encodes a value; undefined members of maps are left out. */
export function encodeCbor(value: CborValue): Buffer {
  const encoder = new Encoder();
  encoder.value(value);
  return encoder.bytes();
}
