/** Number formatting shared by the table, the progress line and the report. */

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 6 });

/** 20000 -> "20,000"; 12.3456789 -> "12.345679"; null -> "n/a". */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined) return 'n/a';
  if (!Number.isFinite(value)) return String(value);
  if (Math.abs(value) >= 1e15 || (value !== 0 && Math.abs(value) < 1e-6)) return value.toExponential(6);
  return grouped.format(value);
}

/** Dollars with enough digits to tell small costs apart: 0.0134 -> "$0.0134", 10 -> "$10.00". */
export function formatUsd(value: number): string {
  if (value === 0) return '$0';
  if (value >= 1) return `$${value.toFixed(2)}`;
  return `$${value.toPrecision(3)}`;
}

/** 1536 -> "1.5 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 61234 -> "61.2 s". */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** How many times fewer: 20000 / 134 -> "149x". */
export function formatRatio(big: number, small: number): string {
  if (small <= 0) return 'n/a';
  const ratio = big / small;
  return ratio >= 10 ? `${Math.round(ratio)}x` : `${ratio.toFixed(1)}x`;
}
