import { describe, expect, it } from 'vitest';
import { checkTargets, MAX_CWAGG_NS_PER_RECORD } from '../src/targets.js';
import { benchResult, bundle } from './support/bench-result.js';

describe('the targets', () => {
  it('checks the targets: met ones, missed ones by how much', () => {
    const targets = benchResult().targets;
    const byName = (text: string) => targets.find((t) => t.target.includes(text));
    expect(byName('calls per million')?.met).toBe(true);
    expect(byName('at most 50 ns')?.met).toBe(true);
    expect(byName('6x less CPU')?.met).toBe(true);
    const powertools = byName('20x less CPU');
    expect(powertools?.met).toBe(false);
    expect(powertools?.measured).toBe('17.5x');
    expect(byName('bundle size')?.met).toBe(true);
    expect(byName('cold import')?.met).toBe(true);
    const slower = benchResult();
    slower.bundles = { ...slower.bundles, aggregated: bundle(505_000, 140) };
    const importCheck = checkTargets(slower).find((t) => t.target.includes('cold import'));
    expect(importCheck?.met).toBe(false);
    expect(importCheck?.note).toContain('missed by 17.3% points');
  });

  it('says by how much a ceiling was missed', () => {
    const slow = benchResult();
    const cwagg = slow.measure.original10000?.cwagg;
    if (!cwagg) throw new Error('the fixture measures cwagg');
    cwagg.nsPerRecord = { ...cwagg.nsPerRecord, median: 60 };
    const cost = slow.cost.original10000?.byContender.cwagg;
    if (!cost) throw new Error('the fixture counts cwagg');
    cost.calls = 125;
    const checks = checkTargets(slow);
    expect(checks.find((t) => t.target.includes(`at most ${MAX_CWAGG_NS_PER_RECORD} ns`))).toMatchObject({
      measured: '60 ns',
      met: false,
      note: 'missed by 10 ns (20.0% over)',
    });
    expect(checks.find((t) => t.target.includes('calls per million'))).toMatchObject({
      measured: '125 calls',
      met: false,
      note: 'missed by 25 calls (25.0% over)',
    });
  });

  it('holds the JSON fast path to its ratios against the naive reading, per workload', () => {
    const checks = benchResult().targets;
    expect(checks.find((t) => t.target.includes('3x less CPU'))).toMatchObject({
      target:
        'cwagg at least 3x less CPU per record than the naive JSON reading, JSON events (2 metrics x 2 dimension sets), batch 10,000',
      measured: '3.5x',
      met: true,
    });
    expect(checks.find((t) => t.target.includes('4x less CPU'))).toMatchObject({
      measured: '3.7x',
      met: false,
      note: 'missed: 3.7x of 4x (cwagg would need 8.3% less CPU)',
    });
  });

  it('are not measured, not failed, when the run left their phase out', () => {
    const partial = { ...benchResult(), measure: {}, cost: {} };
    delete partial.bundles;
    const checks = checkTargets(partial);
    expect(checks).toHaveLength(9);
    for (const check of checks) {
      expect(check, check.target).toMatchObject({ measured: 'not measured', met: null });
      expect(check.note).toMatch(/^run the .+ to check it$/);
    }
  });

  it('takes a bundle below the SDK-only one as met, with a negative overhead', () => {
    const smaller = benchResult();
    smaller.bundles = { ...smaller.bundles, aggregated: bundle(470_000, 100) };
    const size = checkTargets(smaller).find((t) => t.target.includes('bundle size'));
    expect(size?.met).toBe(true);
    // 470,000 and 478,000 bytes, in the IEC units of every cwagg CLI.
    expect(size?.measured).toBe('459.0 KiB vs 466.8 KiB: -1.7%');
  });
});
