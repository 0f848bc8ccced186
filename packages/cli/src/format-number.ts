/**
 * Numbers in human output (tables, reports, summaries, progress lines): US digit grouping everywhere, so
 * a figure reads the same in the demo, the bench and the producer. JSON output keeps plain numbers.
 */

/** Fraction digits formatNumber keeps unless told otherwise: enough for statistics, short for counts. */
export const DEFAULT_FRACTION_DIGITS = 6;

/** Beyond these magnitudes grouped digits stop being readable (or exact): scientific notation instead. */
const LARGEST_GROUPED = 1e15;
const SMALLEST_GROUPED = 1e-6;

const formats = new Map<string, Intl.NumberFormat>();

/** Grouped digits with between `least` and `most` fraction digits (Intl formats are costly to build: cached). */
function grouped(least: number, most: number): Intl.NumberFormat {
  const key = `${least}-${most}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat('en-US', { minimumFractionDigits: least, maximumFractionDigits: most });
    formats.set(key, format);
  }
  return format;
}

/** Grouped digits with exactly `digits` fraction digits: (1234.5, 2) -> "1,234.50". */
export function formatFixed(value: number, digits: number): string {
  const text = grouped(digits, digits).format(value);
  // "-0.0" says nothing a "0.0" does not.
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

/** 20000 -> "20,000"; 12.3456789 -> "12.345679"; (12.34, 0) -> "12"; null or undefined -> "n/a". */
export function formatNumber(
  value: number | null | undefined,
  maximumFractionDigits = DEFAULT_FRACTION_DIGITS,
): string {
  if (value === null || value === undefined) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  const size = Math.abs(value);
  if (size >= LARGEST_GROUPED || (size !== 0 && size < SMALLEST_GROUPED)) return value.toExponential(6);
  const text = grouped(0, maximumFractionDigits).format(value);
  return text === '-0' ? '0' : text;
}

/** A count and its noun: (1, 'record') -> "1 record"; (2000, 'retry', 'retries') -> "2,000 retries". */
export function formatCount(count: number, one: string, many = `${one}s`): string {
  return `${formatNumber(count, 0)} ${count === 1 ? one : many}`;
}

/**
 * Dollars with enough digits to tell small costs apart: 10 -> "$10.00", 0.0134 -> "$0.0134" (three
 * significant digits below a dollar), 0 -> "$0".
 */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (Math.abs(value) >= 1) return `$${formatFixed(value, 2)}`;
  return `$${value.toPrecision(3)}`;
}

/** Elapsed time with one decimal: 61234 -> "61.2 s"; 1234567 -> "1,234.6 s". */
export function formatSeconds(ms: number): string {
  return `${formatFixed(ms / 1000, 1)} s`;
}

/** How many times fewer: (20000, 134) -> "149x"; (10, 4) -> "2.5x"; nothing to divide by -> "n/a". */
export function formatRatio(big: number, small: number): string {
  if (small <= 0) return 'n/a';
  const ratio = big / small;
  return ratio >= 10 ? `${formatNumber(ratio, 0)}x` : `${ratio.toFixed(1)}x`;
}
