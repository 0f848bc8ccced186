/**
 * The bytes of a window state: unsigned varints for whole numbers up to 2^53, a compact code for values (most
 * values are short decimals: 12.5 is 125 with one decimal, two bytes instead of eight), doubles, and strings.
 * The reader checks every length against the bytes it has and throws a StateFormatError, never reads past.
 */

export class StateFormatError extends Error {
  override name = 'StateFormatError';
}

/** A scaled decimal keeps its digits below this, so that its code stays a safe integer. */
const MAX_SCALED = 2 ** 47;
/** Decimal places tried for a value before it is written as a double. */
const MAX_DECIMALS = 14;
/** The code's low four bits: the decimal places, or this for a double that follows. */
const DOUBLE_FOLLOWS = 15;
const POWERS_OF_TEN = Array.from({ length: MAX_DECIMALS + 1 }, (_, k) => 10 ** k);

function zigzag(n: number): number {
  return n >= 0 ? 2 * n : -2 * n - 1;
}

function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

export class ByteWriter {
  private bytes = new Uint8Array(1024);
  private view = new DataView(this.bytes.buffer);
  length = 0;

  private room(n: number): void {
    if (this.length + n <= this.bytes.length) return;
    let size = this.bytes.length * 2;
    while (size < this.length + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(value: number): void {
    this.room(1);
    this.bytes[this.length++] = value;
  }

  /** A whole number 0..2^53-1, seven bits a byte (arithmetic, not bit operators: those stop at 2^32). */
  varint(value: number): void {
    this.room(8);
    let rest = value;
    while (rest >= 128) {
      this.bytes[this.length++] = (rest % 128) + 128;
      rest = Math.floor(rest / 128);
    }
    this.bytes[this.length++] = rest;
  }

  double(value: number): void {
    this.room(8);
    this.view.setFloat64(this.length, value);
    this.length += 8;
  }

  /** A finite value: a scaled decimal when one gives the same double back, else the double itself. */
  value(value: number): void {
    const v = value + 0; // never a negative zero
    for (let k = 0; k <= MAX_DECIMALS; k++) {
      const scale = POWERS_OF_TEN[k] as number;
      const n = Math.round(v * scale);
      if (Math.abs(n) > MAX_SCALED) break;
      if (n / scale === v) {
        this.varint(zigzag(n) * 16 + k);
        return;
      }
    }
    this.varint(DOUBLE_FOLLOWS);
    this.double(v);
  }

  string(text: string): void {
    const encoded = Buffer.from(text, 'utf8');
    this.varint(encoded.length);
    this.room(encoded.length);
    this.bytes.set(encoded, this.length);
    this.length += encoded.length;
  }

  raw(bytes: Uint8Array): void {
    this.room(bytes.length);
    this.bytes.set(bytes, this.length);
    this.length += bytes.length;
  }

  result(): Uint8Array {
    return this.bytes.subarray(0, this.length);
  }
}

export class ByteReader {
  private at = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get done(): boolean {
    return this.at === this.bytes.length;
  }

  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw new StateFormatError('the state ends too soon');
  }

  byte(): number {
    this.need(1);
    return this.bytes[this.at++] as number;
  }

  varint(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.byte();
      value += (byte % 128) * scale;
      if (byte < 128) break;
      scale *= 128;
      if (scale > 2 ** 53) throw new StateFormatError('a number in the state is too long');
    }
    if (!Number.isSafeInteger(value)) throw new StateFormatError('a number in the state is too large');
    return value;
  }

  double(): number {
    this.need(8);
    const value = this.view.getFloat64(this.at);
    this.at += 8;
    return value;
  }

  value(): number {
    const code = this.varint();
    const k = code % 16;
    if (k === DOUBLE_FOLLOWS) {
      const value = this.double();
      if (!Number.isFinite(value)) throw new StateFormatError('a value in the state is not finite');
      return value;
    }
    if (k > MAX_DECIMALS) throw new StateFormatError(`a value in the state has ${k} decimals`);
    return unzigzag(Math.floor(code / 16)) / (POWERS_OF_TEN[k] as number) + 0;
  }

  string(): string {
    const length = this.varint();
    this.need(length);
    const text = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + this.at, length).toString('utf8');
    this.at += length;
    return text;
  }

  rest(): Uint8Array {
    const rest = this.bytes.subarray(this.at);
    this.at = this.bytes.length;
    return rest;
  }
}
