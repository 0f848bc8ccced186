import { describe, expect, it } from 'vitest';
import { checkInteger, checkNumber } from '../src/util.js';

describe('option checks', () => {
  it('accept whole numbers within the bounds, both ends included', () => {
    expect(() => checkInteger('shards', 1, 1, 64)).not.toThrow();
    expect(() => checkInteger('shards', 64, 1, 64)).not.toThrow();
  });

  it('refuse, naming the option, what is fractional, out of range or not a number', () => {
    for (const bad of [0, 65, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkInteger('shards', bad, 1, 64)).toThrow(
        new RangeError(`shards must be a whole number from 1 to 64, got ${bad}`),
      );
    }
    for (const bad of [-0.1, 1.1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => checkNumber('faultRate', bad, 0, 1)).toThrow(/^faultRate must be a number from 0 to 1/);
    }
    expect(() => checkNumber('faultRate', 0.25, 0, 1)).not.toThrow();
  });
});
