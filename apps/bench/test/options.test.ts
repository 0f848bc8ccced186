import { UsageError } from '@cwagg/cli';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LOG_PRICE_PER_GB_USD, parseBenchArgs } from '../src/options.js';
import { CONTENDER_NAMES, POOL_RECORDS, WORKLOAD_NAMES } from '../src/workloads.js';

describe('pnpm bench options', () => {
  it('defaults to every contender, workload and phase but the profile, with prices from core and the docs', () => {
    const options = parseBenchArgs([]);
    if ('help' in options) throw new Error('unexpected help');
    expect(options.contenders).toEqual([...CONTENDER_NAMES]);
    expect(options.workloads).toEqual([...WORKLOAD_NAMES]);
    expect(options.phases).toEqual(['measure', 'cost', 'bundles', 'pipeline']);
    expect(options.processes).toBe(3);
    expect(options.targetedOnly).toBe(false);
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
    // Contenders named with --only are timed wherever they run; a plain --quick times the targets' needs.
    expect(options.targetedOnly).toBe(false);
    const quick = parseBenchArgs(['--quick']);
    if ('help' in quick) throw new Error('unexpected help');
    expect(quick.targetedOnly).toBe(true);
    expect(quick.contenders).not.toContain('cwaggHandler');
    // The same pool of records as a full run: a smaller one doubled cwagg's figure on the 2-core VM.
    expect(quick.poolRecords).toBe(POOL_RECORDS);
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
    expect(options.profileWorkloads).toEqual(['original10000']);
    expect(options.pricePer1000RequestsUsd).toBe(0.02);
    expect(options.logPricePerGbUsd).toBe(0);
  });

  it('profiles each workload named, once, in the order given', () => {
    const options = parseBenchArgs([
      '--profile',
      '--profile-workload',
      'events10000,original150,events10000',
    ]);
    if ('help' in options) throw new Error('unexpected help');
    expect(options.profileWorkloads).toEqual(['events10000', 'original150']);
    expect(() => parseBenchArgs(['--profile-workload', 'events'])).toThrow(/--profile-workload must be/);
  });

  it('refuses what it does not understand, saying what it expected', () => {
    expect(() => parseBenchArgs(['--only', 'cwagg,prometheus'])).toThrow(
      /^--only must be a comma-separated list of cwagg, .*, got "cwagg,prometheus"$/,
    );
    expect(() => parseBenchArgs(['--only', 'cwagg,powertool'])).toThrow(/did you mean powertools\?$/);
    expect(() => parseBenchArgs(['--processes', '0'])).toThrow(
      '--processes must be a whole number of at least 1, got 0',
    );
    expect(() => parseBenchArgs(['--price-per-1000', '-1'])).toThrow(
      '--price-per-1000 must be a number of at least 0, got -1',
    );
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError);
    expect(() => parseBenchArgs(['--recrods', '5'])).toThrow(
      'unknown flag --recrods; did you mean --records?',
    );
    expect(() => parseBenchArgs(['--profile-workload', 'huge'])).toThrow(
      /^--profile-workload must be a comma-separated list of /,
    );
    expect(parseBenchArgs(['--help'])).toEqual({ help: true });
    expect(parseBenchArgs(['--', '-h'])).toEqual({ help: true });
  });
});
