import { describe, expect, it } from 'vitest';
import { parseDemoOutput } from '../src/pipeline.js';

describe('the one-machine pipeline figure', () => {
  it('reads records per second from the demo’s JSON line (its --json contract)', () => {
    const line = {
      records: 20_000,
      elapsedMs: 8000,
      phasesMs: { starting: 1000, producing: 2000, consuming: 4000 },
    };
    expect(parseDemoOutput(`a table\n${JSON.stringify(line)}\n`)).toEqual({
      records: 20_000,
      elapsedMs: 8000,
      endToEndRecordsPerSecond: 2500,
      consumeRecordsPerSecond: 5000,
    });
    // Without phases, only the end-to-end figure.
    expect(parseDemoOutput('{"records":100,"elapsedMs":1000}').consumeRecordsPerSecond).toBeNull();
  });

  it('refuses output without the numbers instead of reporting zero', () => {
    expect(() => parseDemoOutput('no json here')).toThrow(/not JSON/);
    expect(() => parseDemoOutput('{"records":10}')).toThrow(/no numeric records and elapsedMs/);
  });
});
