import { UNITS } from '@cwagg/core/limits';
import { describe, expect, it } from 'vitest';
import { cloudWatchUnit } from '../../src/convert/units.js';

describe('cloudWatchUnit', () => {
  it('maps the UCUM codes CloudWatch has a name for', () => {
    expect(cloudWatchUnit('s')).toBe('Seconds');
    expect(cloudWatchUnit('ms')).toBe('Milliseconds');
    expect(cloudWatchUnit('us')).toBe('Microseconds');
    expect(cloudWatchUnit('By')).toBe('Bytes');
    expect(cloudWatchUnit('KiBy')).toBe('Kilobytes');
    expect(cloudWatchUnit('MBy/s')).toBe('Megabytes/Second');
    expect(cloudWatchUnit('bit/s')).toBe('Bits/Second');
    expect(cloudWatchUnit('%')).toBe('Percent');
    expect(cloudWatchUnit(' ms ')).toBe('Milliseconds');
  });

  it('reads annotations as counts', () => {
    expect(cloudWatchUnit('{request}')).toBe('Count');
    expect(cloudWatchUnit('{packet}/s')).toBe('Count/Second');
    expect(cloudWatchUnit('1/s')).toBe('Count/Second');
  });

  it('gives None (undefined) for what CloudWatch cannot express, values unchanged', () => {
    for (const unit of ['', '1', 'ns', 'min', 'h', 'd', 'Cel', 'm', 'By/ms', '{a}{b}']) {
      expect(cloudWatchUnit(unit), unit).toBeUndefined();
    }
  });

  it('only ever answers one of CloudWatch units', () => {
    const all = new Set<string>(UNITS);
    for (const unit of ['s', 'ms', 'us', 'µs', 'By', 'kBy', 'GiBy', 'Tbit', 'TiBy/s', '{x}', '%']) {
      expect(all.has(cloudWatchUnit(unit) as string), unit).toBe(true);
    }
  });
});
