import { formatFixed, formatNumber } from './format-number.js';

/**
 * Sizes in human output use IEC units (powers of 1,024: B, KiB, MiB, GiB, TiB), because what cwagg
 * measures against is set in them: CloudWatch's 1 MiB request bodies, Kinesis's 1 MiB records and 5 MiB
 * calls. One rule everywhere: whole bytes below 1 KiB, one decimal above.
 */
export const BYTE_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB'] as const;

/** Bytes in one KiB; each unit is this many of the one before. */
export const BYTES_PER_KIB = 1024;

/** 512 -> "512 B"; 1536 -> "1.5 KiB"; 7_025_459 -> "6.7 MiB". */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return String(bytes);
  let value = bytes;
  let unit = 0;
  // Step up while the value would print as 1,024.0 or more: 1,048,575 bytes reads "1.0 MiB", not "1,024.0 KiB".
  while (
    unit < BYTE_UNITS.length - 1 &&
    Math.abs(unit === 0 ? value : Number(value.toFixed(1))) >= BYTES_PER_KIB
  ) {
    value /= BYTES_PER_KIB;
    unit += 1;
  }
  return unit === 0
    ? `${formatNumber(Math.round(value), 0)} B`
    : `${formatFixed(value, 1)} ${BYTE_UNITS[unit]}`;
}
