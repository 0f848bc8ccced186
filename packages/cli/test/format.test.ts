import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseDuration } from '../src/duration.js';
import { BYTE_UNITS } from '../src/format-bytes.js';
import {
  formatBytes,
  formatCount,
  formatNumber,
  formatRatio,
  formatSeconds,
  formatUsd,
} from '../src/index.js';

const UNIT_BYTES = Object.fromEntries(BYTE_UNITS.map((unit, i) => [unit, 1024 ** i]));

describe('formatBytes: IEC units, whole bytes below 1 KiB, one decimal above', () => {
  it.each([
    [0, '0 B'],
    [1023, '1,023 B'],
    [1024, '1.0 KiB'],
    [1536, '1.5 KiB'],
    [208_179, '203.3 KiB'],
    [7_025_459, '6.7 MiB'],
    [1_048_575, '1.0 MiB'],
    [5 * 1024 ** 3, '5.0 GiB'],
    [3 * 1024 ** 4, '3.0 TiB'],
  ])('%d bytes -> %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });

  it('reads back within half a unit of its last digit, and never shows 1,024 or more of a unit', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 50 }), (bytes) => {
        const match = /^([\d,]+(?:\.\d)?) (B|KiB|MiB|GiB|TiB)$/.exec(formatBytes(bytes));
        expect(match).not.toBeNull();
        const [, number, unit] = match as unknown as [string, string, string];
        const value = Number(number.replaceAll(',', ''));
        const scale = UNIT_BYTES[unit] as number;
        expect(Math.abs(value * scale - bytes)).toBeLessThanOrEqual((unit === 'B' ? 0.5 : 0.05) * scale);
        if (unit !== 'TiB') expect(value).toBeLessThan(1024);
      }),
    );
  });
});

describe('number helpers', () => {
  it('group digits the same way everywhere', () => {
    expect(formatNumber(20_000)).toBe('20,000');
    expect(formatNumber(12.3456789)).toBe('12.345679');
    expect(formatNumber(12.5, 0)).toBe('13');
    expect(formatNumber(-0.0000001)).toBe('-1.000000e-7');
    expect(formatNumber(null)).toBe('n/a');
    expect(formatCount(1, 'record')).toBe('1 record');
    expect(formatCount(2_000, 'retry', 'retries')).toBe('2,000 retries');
    expect(formatUsd(0)).toBe('$0');
    expect(formatUsd(10)).toBe('$10.00');
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.067)).toBe('$0.0670');
    expect(formatSeconds(61_234)).toBe('61.2 s');
    expect(formatSeconds(1_234_567)).toBe('1,234.6 s');
    expect(formatSeconds(-10)).toBe('0.0 s');
    expect(formatRatio(20_000, 134)).toBe('149x');
    expect(formatRatio(10, 4)).toBe('2.5x');
    expect(formatRatio(1, 0)).toBe('n/a');
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['1.5s', 1_500],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['45', 45_000],
    [' 2 m ', 120_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '0s', '-5s', '10 minutes', 'soon', '1e3s', 'Infinity'])('refuses %j', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
