import { describe, expect, it } from 'vitest';
import { batchesFor, measureContender, runTask } from '../src/measure.js';
import { previousMinute, WORKLOADS } from '../src/workloads.js';

const minuteStart = previousMinute();

describe('the batches a task cycles through', () => {
  it('are Kinesis events of the workload’s batch size, every record in the task’s minute', () => {
    const { spec, batches } = batchesFor({ workload: 'original150', records: 450, seed: 1, minuteStart });
    expect(spec).toBe(WORKLOADS.original150);
    expect(batches).toHaveLength(3);
    for (const batch of batches) {
      const records = (batch as { Records: { kinesis: { approximateArrivalTimestamp: number } }[] }).Records;
      expect(records).toHaveLength(150);
      for (const record of records) {
        const arrivalMs = record.kinesis.approximateArrivalTimestamp * 1000;
        expect(arrivalMs).toBeGreaterThanOrEqual(minuteStart);
        expect(arrivalMs).toBeLessThan(minuteStart + 60_000);
      }
    }
  });

  it('are generated at most up to the pool; a longer run cycles through them', () => {
    const { batches } = batchesFor({
      workload: 'original150',
      records: 1_500,
      seed: 1,
      minuteStart,
      poolRecords: 300,
    });
    expect(batches).toHaveLength(2);
  });

  it('are the same for the same seed, and keyed values for the many-metrics workload', () => {
    const a = batchesFor({ workload: 'original150', records: 150, seed: 4, minuteStart }).batches;
    const b = batchesFor({ workload: 'original150', records: 150, seed: 4, minuteStart }).batches;
    expect(a).toEqual(b);
    const keyed = batchesFor({ workload: 'manyMetrics', records: 10_000, seed: 1, minuteStart });
    expect(keyed.spec.input).not.toBe('kinesis');
    expect(keyed.batches.length).toBeGreaterThan(0);
  });
});

describe('running a task in this process', () => {
  it('counts the cost of a pass, one entry per contender asked for', async () => {
    const result = await runTask({
      mode: 'cost',
      workload: 'original150',
      contenders: ['cwagg', 'single'],
      records: 150,
      seed: 2,
      minuteStart,
    });
    expect(result.mode).toBe('cost');
    if (result.mode !== 'cost') return;
    expect(Object.keys(result.byContender)).toEqual(['cwagg', 'single']);
    expect(result.byContender.cwagg?.records).toBe(150);
    expect(result.byContender.cwagg?.requests.requests).toBe(1);
    expect(result.byContender.single?.requests.requests).toBe(150);
  });

  it('refuses to measure heap figures without --expose-gc, rather than report wrong ones', async () => {
    await expect(
      measureContender({
        mode: 'measure',
        contender: 'cwagg',
        workload: 'original150',
        records: 150,
        repetitions: 1,
        warmupMs: 0,
        seed: 1,
        minuteStart,
      }),
    ).rejects.toThrow('heap measurements need node --expose-gc');
  });
});
