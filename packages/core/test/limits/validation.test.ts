/**
 * The checks behind every limit, at their edges. The numbers here are CloudWatch's, written out from its API
 * reference rather than read from the constants, so that a wrong constant fails here.
 */
import { describe, expect, it } from 'vitest';
import {
  countProblem,
  dimensionsProblem,
  metricNameProblem,
  namespaceProblem,
  storageResolutionProblem,
  timestampProblem,
  unitProblem,
  valueProblem,
} from '../../src/limits/index.js';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** The margin kept inside CloudWatch's window, documented in the README: values are sent after the check. */
const MARGIN = 5 * MINUTE;
const LARGEST = 2 ** 360;

describe('namespaceProblem', () => {
  it('accepts 1..255 printable ASCII characters not starting with ":" or "AWS/"', () => {
    for (const ok of ['Shop', 'a', 'x'.repeat(255), 'My App/Checkout-1_2.3#', 'AWSome', 'aws/lower']) {
      expect(namespaceProblem(ok)).toBeUndefined();
    }
    const bad: [unknown, RegExp][] = [
      ['', /1\.\.255/],
      ['x'.repeat(256), /1\.\.255 characters \(got 256\)/],
      ['AWS/EC2', /reserved for AWS/],
      [':Shop', /must not start with ':'/],
      ['Shöp', /printable ASCII/],
      ['Tab\there', /printable ASCII/],
      ['   ', /non-whitespace/],
      [42, /must be a string \(got number\)/],
      [undefined, /must be a string/],
    ];
    for (const [namespace, reason] of bad) expect(namespaceProblem(namespace)).toMatch(reason);
  });
});

describe('valueProblem and countProblem', () => {
  it('accept values in -2^360..2^360 and reject NaN, the infinities and the next doubles beyond', () => {
    for (const ok of [0, -0, 1.5, -1e-300, Number.MIN_VALUE, LARGEST, -LARGEST])
      expect(valueProblem(ok)).toBeUndefined();
    const beyond = LARGEST * (1 + Number.EPSILON);
    expect(valueProblem(beyond)).toMatch(/outside CloudWatch's range/);
    expect(valueProblem(-beyond)).toMatch(/outside CloudWatch's range/);
    expect(valueProblem(Number.NaN)).toMatch(/NaN/);
    expect(valueProblem(Number.POSITIVE_INFINITY)).toMatch(/Infinity/);
    expect(valueProblem('1')).toMatch(/must be a number \(got string\)/);
  });

  it('accept counts that are finite and positive, up to 2^360', () => {
    for (const ok of [1, 0.5, Number.MIN_VALUE, 1e6, LARGEST]) expect(countProblem(ok)).toBeUndefined();
    for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY, '2', undefined]) {
      expect(countProblem(bad)).toMatch(/count must be a finite number greater than 0/);
    }
    expect(countProblem(LARGEST * 2)).toMatch(/outside CloudWatch's range/);
  });
});

describe('timestampProblem', () => {
  it('accepts 14 days back and 2 hours ahead, less the margin, and nothing beyond', () => {
    const oldest = NOW - 14 * DAY + MARGIN;
    const latest = NOW + 2 * HOUR - MARGIN;
    expect(timestampProblem(oldest, NOW)).toBeUndefined();
    expect(timestampProblem(latest, NOW)).toBeUndefined();
    expect(timestampProblem(NOW, NOW)).toBeUndefined();
    expect(timestampProblem(oldest - 1, NOW)).toMatch(
      /too old: CloudWatch accepts at most 14 days in the past/,
    );
    expect(timestampProblem(latest + 1, NOW)).toMatch(/too far ahead: CloudWatch accepts at most 2 hours/);
    expect(timestampProblem(Number.NaN, NOW)).toMatch(/not a valid time/);
  });

  it('never throws for a time no Date can hold (beyond ±8.64e15 ms), and says it is not a valid time', () => {
    for (const impossible of [1e303, -1e303, 8.64e15 + 1, -8.64e15 - 1, Number.MAX_VALUE]) {
      expect(timestampProblem(impossible, NOW)).toBe(`timestamp ${impossible} is not a valid time`);
      // The time named in a message may be impossible too, while the bucket start is merely too old.
      expect(timestampProblem(NOW - 20 * DAY, NOW, impossible)).toBe(
        `timestamp ${impossible} is too old: CloudWatch accepts at most 14 days in the past`,
      );
    }
  });

  it('names the time it is told to, e.g. the value’s own time rather than its bucket start', () => {
    const valueTime = NOW - 20 * DAY + 12_345;
    expect(timestampProblem(NOW - 20 * DAY, NOW, valueTime)).toContain(new Date(valueTime).toISOString());
  });
});

describe('metricNameProblem, unitProblem, storageResolutionProblem', () => {
  it('accept metric names of 1..255 characters', () => {
    expect(metricNameProblem('L')).toBeUndefined();
    expect(metricNameProblem('L'.repeat(255))).toBeUndefined();
    expect(metricNameProblem('')).toMatch(/1\.\.255/);
    expect(metricNameProblem('L'.repeat(256))).toMatch(/got 256/);
    expect(metricNameProblem(7)).toMatch(/must be a string/);
  });

  it('accept CloudWatch’s units, or none', () => {
    for (const unit of [undefined, 'Seconds', 'Count/Second', 'Terabits/Second', 'None', 'Percent']) {
      expect(unitProblem(unit)).toBeUndefined();
    }
    for (const unit of ['seconds', 'Parsecs', '', 'Count/Minute', 60]) {
      expect(unitProblem(unit)).toMatch(/is not a CloudWatch unit/);
    }
  });

  it('accept storage resolutions of 60 and 1 seconds only', () => {
    for (const ok of [undefined, 60, 1]) expect(storageResolutionProblem(ok)).toBeUndefined();
    for (const bad of [0, 5, 30, '60', 1.5]) expect(storageResolutionProblem(bad)).toMatch(/must be 60 or 1/);
  });
});

describe('dimensionsProblem', () => {
  const many = (n: number) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`D${i}`, 'v']));

  it('accepts up to 30 dimensions, and names of 1..255 and values of 1..1024 printable ASCII characters', () => {
    expect(dimensionsProblem({})).toBeUndefined();
    expect(dimensionsProblem(many(30))).toBeUndefined();
    expect(dimensionsProblem({ ['N'.repeat(255)]: 'V'.repeat(1024) })).toBeUndefined();
    expect(dimensionsProblem({ 'Route Name': '/buy?x=1' })).toBeUndefined();
  });

  it('rejects what CloudWatch rejects, naming the dimension', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [many(31), /at most 30 dimensions \(got 31\)/],
      [{ '': 'v' }, /dimension name must be 1\.\.255/],
      [{ ['N'.repeat(256)]: 'v' }, /got 256/],
      [{ ':Route': 'v' }, /must not start with ':'/],
      [{ Rüte: 'v' }, /printable ASCII/],
      [{ ' ': 'v' }, /non-whitespace/],
      [{ Route: '' }, /"Route" value must be 1\.\.1024/],
      [{ Route: 'V'.repeat(1025) }, /got 1025/],
      [{ Route: 'caf\u00e9' }, /"Route" value must be printable ASCII/],
      [{ Route: '\t' }, /"Route" value must be printable ASCII/],
      [{ Route: 42 }, /"Route" must have a string value \(got number\)/],
    ];
    for (const [dimensions, reason] of bad) expect(dimensionsProblem(dimensions)).toMatch(reason);
  });
});
