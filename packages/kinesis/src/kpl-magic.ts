/**
 * How a KPL aggregate starts: the decoders look for it on every record that is not a plain number, and load
 * the deaggregation itself (kpl.ts) only when a batch holds one.
 */
export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);

/** Whether `bytes` (its first `length` bytes, when it is a larger buffer) start with KPL's magic bytes. */
export function isKplAggregate(bytes: Uint8Array, length = bytes.length): boolean {
  return (
    length >= KPL_MAGIC.length &&
    bytes[0] === KPL_MAGIC[0] &&
    bytes[1] === KPL_MAGIC[1] &&
    bytes[2] === KPL_MAGIC[2] &&
    bytes[3] === KPL_MAGIC[3]
  );
}
