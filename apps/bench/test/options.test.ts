import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_PRICE_PER_GB_USD, parseBenchArgs, UsageError } from '../src/options.js';
import { CONTENDER_NAMES, WORKLOAD_NAMES } from '../src/workloads.js';

describe('pnpm bench options', () => {
  it('defaults to every contender, workload and phase but the profile, with prices from core and the docs', () => {
    const options = parseBenchArgs([]);
    if ('help' in options) throw new Error('unexpected help');
    expect(options.contenders).toEqual([...CONTENDER_NAMES]);
    expect(options.workloads).toEqual([...WORKLOAD_NAMES]);
    expect(options.phases).toEqual(['measure', 'cost', 'bundles', 'pipeline']);
    expect(options.processes).toBe(3);
    expect(options.pricePer1000RequestsUsd).toBe(DEFAULT_PRICE_PER_1000_REQUESTS_USD);
    expect(options.logPricePerGbUsd).toBe(DEFAULT_LOG_PRICE_PER_GB_USD);
  });

  it('--quick shrinks the run; --only measures just those contenders; pnpm’s -- is accepted', () => {
    const options = parseBenchArgs(['--', '--only', 'cwagg', '--quick', '--json']);
    if ('help' in options) throw new Error('unexpected help');
    expect(options.quick).toBe(true);
    expect(options.json).toBe(true);
    expect(options.processes).toBe(1);
    expect(options.contenders).toEqual(['cwagg']);
    expect(options.phases).toEqual(['measure']);
  });

  it('--profile adds the profile phase; --phases and prices are honoured', () => {
    const options = parseBenchArgs([
      '--phases',
      'bundles',
      '--profile',
      '--price-per-1000',
      '0.02',
      '--log-price-per-gb',
      '0',
    ]);
    if ('help' in options) throw new Error('unexpected help');
    expect(options.phases).toEqual(['bundles', 'profile']);
    expect(options.profileWorkload).toBe('original10000');
    expect(options.pricePer1000RequestsUsd).toBe(0.02);
    expect(options.logPricePerGbUsd).toBe(0);
  });

  it('refuses what it does not understand, saying what it expected', () => {
    expect(() => parseBenchArgs(['--only', 'cwagg,prometheus'])).toThrow(
      /--only: expected .*cwagg.*prometheus/,
    );
    expect(() => parseBenchArgs(['--processes', '0'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--price-per-1000=-1'])).toThrow(/price in USD/);
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--profile-workload', 'huge'])).toThrow(/--profile-workload/);
    expect(parseBenchArgs(['--help'])).toEqual({ help: true });
  });
});
