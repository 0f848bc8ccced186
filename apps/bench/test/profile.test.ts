import { describe, expect, it } from 'vitest';
import { type CpuProfile, hotFunctions } from '../src/profile.js';

const frame = (functionName: string, url: string, lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

/**
 * Four functions; samples every 100 µs: node 2 for 300 µs, node 3 for 200 µs, node 4 for 100 µs, node 5 for
 * 400 µs. Each sample is charged the time until the next one.
 */
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame('(root)', '') },
    { id: 2, callFrame: frame('add', 'file:///repo/packages/core/dist/aggregator.js', 41) },
    { id: 3, callFrame: frame('', 'file:///repo/node_modules/.pnpm/x@1/node_modules/x/index.js', 9) },
    { id: 4, callFrame: frame('(garbage collector)', '') },
    { id: 5, callFrame: frame('parse', 'node:internal/util', 2) },
  ],
  startTime: 1_000,
  endTime: 2_100,
  samples: [2, 2, 2, 3, 3, 4, 5, 5, 5, 5, 1],
  timeDeltas: [0, 100, 100, 100, 100, 100, 100, 100, 100, 100, 100],
};

describe('the hot functions of a CPU profile', () => {
  it('rank functions by self time, with where they are and their share', () => {
    const hot = hotFunctions(PROFILE, '/repo');
    expect(hot.map((h) => [h.functionName, h.location, h.selfMs])).toEqual([
      ['parse', 'node:internal/util:3', 0.4],
      ['add', 'packages/core/dist/aggregator.js:42', 0.3],
      ['(anonymous)', 'x/index.js:10', 0.2],
      ['(garbage collector)', '(native)', 0.1],
    ]);
    expect(hot.map((h) => h.selfPercent)).toEqual([40, 30, 20, 10]);
  });

  it('keep only the top ones asked for', () => {
    expect(hotFunctions(PROFILE, '/repo', 2).map((h) => h.functionName)).toEqual(['parse', 'add']);
  });

  it('count only the samples inside a window, when given one', () => {
    // Samples at 1,000..2,000 µs; the window 1,250..1,450 holds those at 1,300 and 1,400 (node 3).
    const hot = hotFunctions(PROFILE, '/repo', 15, { fromMicros: 1_250, toMicros: 1_450 });
    expect(hot).toEqual([
      { functionName: '(anonymous)', location: 'x/index.js:10', selfMs: 0.2, selfPercent: 100 },
    ]);
  });

  it('merge nodes of the same function, and give nothing for a profile without samples', () => {
    const twice: CpuProfile = {
      ...PROFILE,
      nodes: [
        ...PROFILE.nodes,
        { id: 6, callFrame: frame('add', 'file:///repo/packages/core/dist/aggregator.js', 41) },
      ],
      samples: [2, 6, 1],
      timeDeltas: [0, 100, 100],
    };
    expect(hotFunctions(twice, '/repo')).toEqual([
      { functionName: 'add', location: 'packages/core/dist/aggregator.js:42', selfMs: 0.2, selfPercent: 100 },
    ]);
    expect(hotFunctions({ nodes: PROFILE.nodes, startTime: 0, endTime: 0 }, '/repo')).toEqual([]);
  });
});
