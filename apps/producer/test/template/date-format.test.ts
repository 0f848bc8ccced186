import { describe, expect, it } from 'vitest';
import { compileDateFormat, DEFAULT_UTC_FORMAT } from '../../src/template/date-format.js';

// Sunday 5 January 2025, 00:07:03.045 UTC: midnight, a single-digit day and a weekday at the week's start.
const SUNDAY = new Date(Date.UTC(2025, 0, 5, 0, 7, 3, 45));
const utc = (format: string, date = SUNDAY) => compileDateFormat(format, true)(date);

describe('moment.js date formats', () => {
  it('write every field in its long, short and padded forms', () => {
    expect(utc('YYYY YY Q MMMM MMM MM M Mo')).toBe('2025 25 1 January Jan 01 1 1st');
    expect(utc('DDDD DDD DDDo DD D Do')).toBe('005 5 5th 05 5 5th');
    expect(utc('dddd ddd dd d do E')).toBe('Sunday Sun Su 0 0th 7');
    expect(utc('HH H hh h kk k A a')).toBe('00 0 12 12 24 24 AM am');
    expect(utc('mm m ss s SSS SS S')).toBe('07 7 03 3 045 04 0');
    expect(utc('X x')).toBe(`${Math.floor(SUNDAY.getTime() / 1000)} ${SUNDAY.getTime()}`);
  });

  it('reads the longest token first, and text in brackets as it is', () => {
    expect(utc('MMMMM')).toBe('January1');
    expect(utc('[Today is] dddd [at] HH:mm')).toBe('Today is Sunday at 00:07');
    expect(utc('[YYYY]')).toBe('YYYY');
  });

  it('count the day of the year and ordinals across the calendar', () => {
    const leapEnd = new Date(Date.UTC(2024, 11, 31, 13));
    expect(utc('DDDD DDDo hA', leapEnd)).toBe('366 366th 1PM');
    for (const [day, text] of [
      [1, '1st'],
      [2, '2nd'],
      [3, '3rd'],
      [11, '11th'],
      [12, '12th'],
      [13, '13th'],
      [21, '21st'],
      [22, '22nd'],
      [23, '23rd'],
    ] as const) {
      expect(utc('Do', new Date(Date.UTC(2025, 0, day)))).toBe(text);
    }
  });

  it('give UTC with a zero offset, local time with the process’s offset', () => {
    expect(utc('Z ZZ')).toBe('+00:00 +0000');
    expect(utc(DEFAULT_UTC_FORMAT)).toBe('2025-01-05T00:07:03Z');
    const offset = -SUNDAY.getTimezoneOffset();
    const hours = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
    const minutes = String(Math.abs(offset) % 60).padStart(2, '0');
    expect(compileDateFormat('ZZ', false)(SUNDAY)).toBe(`${offset < 0 ? '-' : '+'}${hours}${minutes}`);
    expect(compileDateFormat('H', false)(SUNDAY)).toBe(String(SUNDAY.getHours()));
  });

  it('write years before 1000 padded and negative years signed', () => {
    const early = new Date(Date.UTC(2025, 0, 1));
    early.setUTCFullYear(987);
    expect(utc('YYYY', early)).toBe('0987');
    const bce = new Date(Date.UTC(2025, 0, 1));
    bce.setUTCFullYear(-44);
    expect(utc('YYYY', bce)).toBe('-0044');
  });
});
