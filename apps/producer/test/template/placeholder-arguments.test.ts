import { describe, expect, it } from 'vitest';
import {
  arrayArg,
  boolArg,
  countArg,
  dateArg,
  numberArg,
  objectArg,
  rangeArg,
  sexArg,
  stringArg,
} from '../../src/template/placeholder-arguments.js';
import { ArgumentError } from '../../src/template/placeholder-definition.js';

const DEFAULTS = { min: 0, max: 99999, precision: 1 };

describe('placeholder arguments as faker.js took them', () => {
  it('numbers: numbers or numeric text; absent is undefined', () => {
    expect(numberArg(5, 'max')).toBe(5);
    expect(numberArg(' 2.5 ', 'max')).toBe(2.5);
    expect(numberArg(undefined, 'max')).toBeUndefined();
    expect(numberArg(null, 'max')).toBeUndefined();
    for (const bad of ['', 'ten', Number.POSITIVE_INFINITY, true, {}]) {
      expect(() => numberArg(bad, 'max')).toThrow(ArgumentError);
    }
    expect(() => numberArg('ten', 'max')).toThrow('max must be a number, got "ten"');
  });

  it('counts: whole numbers from 0', () => {
    expect(countArg('3', 'count')).toBe(3);
    expect(countArg(0, 'count')).toBe(0);
    expect(() => countArg(-1, 'count')).toThrow('count must be a whole number of at least 0, got -1');
    expect(() => countArg(1.5, 'count')).toThrow(ArgumentError);
  });

  it('text, flags, objects, arrays and dates', () => {
    expect(stringArg(12, 'symbol')).toBe('12');
    expect(() => stringArg({}, 'symbol')).toThrow('symbol must be text, got {}');
    expect([boolArg('false'), boolArg('0'), boolArg(''), boolArg('yes'), boolArg(1), boolArg(null)]).toEqual([
      false,
      false,
      false,
      true,
      true,
      undefined,
    ]);
    expect(objectArg({ a: 1 }, 'the options')).toEqual({ a: 1 });
    expect(() => objectArg([1], 'the options')).toThrow('the options must be a JSON object, got [1]');
    expect(arrayArg([1], 'the array')).toEqual([1]);
    expect(() => arrayArg([], 'the array')).toThrow('the array must not be empty');
    expect(() => arrayArg('x', 'the array')).toThrow('the array must be a JSON array, got "x"');
    expect(dateArg('2024-01-02T00:00:00Z', 'from')?.toISOString()).toBe('2024-01-02T00:00:00.000Z');
    expect(dateArg(0, 'from')?.getTime()).toBe(0);
    expect(() => dateArg('not a date', 'from')).toThrow('from is not a date: "not a date"');
  });

  it('a gender as 0/1 or its name', () => {
    expect([sexArg(0), sexArg('0'), sexArg('male'), sexArg(1), sexArg('1'), sexArg('female')]).toEqual([
      'male',
      'male',
      'male',
      'female',
      'female',
      'female',
    ]);
    expect(sexArg(undefined)).toBeUndefined();
    expect(() => sexArg(2)).toThrow('gender must be 0 (male) or 1 (female), got 2');
  });

  it('random.number options: a max, or {min, max, precision}, checked for sense', () => {
    expect(rangeArg(10, DEFAULTS, 'max')).toEqual({ min: 0, max: 10, precision: 1 });
    expect(rangeArg(0.25, { ...DEFAULTS, precision: 0.01 }, 'precision')).toEqual({
      min: 0,
      max: 99999,
      precision: 0.25,
    });
    expect(rangeArg({ min: -5, max: '5' }, DEFAULTS, 'max')).toEqual({ min: -5, max: 5, precision: 1 });
    expect(rangeArg(undefined, DEFAULTS, 'max')).toEqual(DEFAULTS);
    expect(() => rangeArg({ min: 5, max: 1 }, DEFAULTS, 'max')).toThrow('max (1) is below min (5)');
    expect(() => rangeArg({ precision: 0 }, DEFAULTS, 'max')).toThrow('precision must be above 0, got 0');
  });
});
