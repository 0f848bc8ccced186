import { describe, expect, it } from 'vitest';
import { runInChild } from '../src/child.js';
import type { MeasureResult } from '../src/measure.js';
import { hotFunctions } from '../src/profile.js';
import { previousMinute } from '../src/workloads.js';

const base = {
  workload: 'original150',
  records: 300,
  repetitions: 2,
  passes: 2,
  warmupMs: 0,
  seed: 1,
} as const;

describe('measuring in a fresh child process', () => {
  it('returns one CPU and one memory figure per repetition, for a contender that prints EMF lines', async () => {
    const result = (await runInChild({
      mode: 'measure',
      contender: 'powertools',
      minuteStart: previousMinute(),
      ...base,
    })) as MeasureResult;
    expect(result.mode).toBe('measure');
    expect(result.recordsPerRepetition).toBe(300);
    const { nsPerRecord, wallNsPerRecord, everyPassNsPerRecord, heapBytesPerRecord } = result;
    for (const figures of [nsPerRecord, wallNsPerRecord, everyPassNsPerRecord, heapBytesPerRecord]) {
      expect(figures).toHaveLength(2);
      for (const figure of figures) {
        expect(Number.isFinite(figure)).toBe(true);
        expect(figure).toBeGreaterThan(0);
      }
    }
    // A repetition's fastest pass is no slower than all of its passes together.
    nsPerRecord.forEach((fastest, repetition) => {
      expect(fastest).toBeLessThanOrEqual((everyPassNsPerRecord[repetition] as number) * (1 + 1e-9));
    });
    expect(result.arrayBufferBytesPerRecord).toHaveLength(2);
    for (const figure of result.arrayBufferBytesPerRecord) expect(Number.isFinite(figure)).toBe(true);
    expect(result.peakRssAddedBytes).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(result.retainedBytes)).toBe(true);
  });

  it('profiles the timed passes of cwagg and names the functions where the time went', async () => {
    const result = (await runInChild({
      mode: 'measure',
      contender: 'cwagg',
      minuteStart: previousMinute(),
      profile: true,
      ...base,
      // The sampler ticks every 100 µs, and on a loaded machine less often: 300 records take ~20 µs, too
      // short to be sure of a sample. 150,000 take milliseconds, so the timed window holds many.
      records: 150_000,
    })) as MeasureResult;
    expect(result.cpuProfile?.nodes.length).toBeGreaterThan(1);
    const profile = result.cpuProfile ?? { nodes: [], startTime: 0, endTime: 0 };
    const window = result.timedWindow ?? { fromMicros: 0, toMicros: 0 };
    // The profile also covers the warm-up; the summary counts the timed passes only.
    expect(window.fromMicros).toBeGreaterThan(profile.startTime);
    const timed = hotFunctions(profile, process.cwd(), 10_000, window);
    const timedMs = timed.reduce((sum, entry) => sum + entry.selfMs, 0);
    // Each sample is charged the time until the next one: the window's last may run past its end by one
    // interval, which a loaded machine can stretch to milliseconds.
    const longestIntervalMs = Math.max(0, ...(profile.timeDeltas ?? [])) / 1000;
    expect(timedMs).toBeLessThanOrEqual((window.toMicros - window.fromMicros) / 1000 + longestIntervalMs + 1);
    const hot = hotFunctions(profile, process.cwd(), 5, window);
    expect(hot.length).toBeGreaterThan(0);
    expect(hot.length).toBeLessThanOrEqual(5);
    const total = hot.reduce((sum, entry) => sum + entry.selfPercent, 0);
    expect(total).toBeGreaterThan(0);
    expect(total).toBeLessThanOrEqual(100.0001);
    // Sorted by self time, largest first.
    expect(hot.map((entry) => entry.selfMs)).toEqual(
      [...hot.map((entry) => entry.selfMs)].sort((a, b) => b - a),
    );
  });

  it('reports a failing task with the child’s error', async () => {
    await expect(
      runInChild({
        mode: 'measure',
        // A contender that does not run this workload: the child must say so, not hang.
        contender: 'cwaggHandler',
        workload: 'manyMetrics',
        records: 10,
        repetitions: 1,
        warmupMs: 0,
        seed: 1,
        minuteStart: previousMinute(),
      }),
    ).rejects.toThrow(/cwaggHandler does not run the manyMetrics workload/);
  });
});
