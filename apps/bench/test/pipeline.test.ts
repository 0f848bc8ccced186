import { describe, expect, it } from 'vitest';
import { parseDemoOutput } from '../src/pipeline.js';

describe('the one-machine pipeline figure', () => {
  it('reads records per second from the demo’s JSON line (DESIGN.md contract)', () => {
    const stdout = 'a table\n{"records":20000,"invalid":0,"elapsedMs":8000,"single":{},"aggregated":{}}\n';
    expect(parseDemoOutput(stdout)).toEqual({ records: 20_000, elapsedMs: 8000, recordsPerSecond: 2500 });
  });

  it('refuses output without the numbers instead of reporting zero', () => {
    expect(() => parseDemoOutput('no json here')).toThrow(/not JSON/);
    expect(() => parseDemoOutput('{"records":10}')).toThrow(/no numeric records and elapsedMs/);
  });
});
