import { describe, expect, it } from 'vitest';
import { deliveryFor } from '../src/delivery.js';
import { batchesFor } from '../src/measure.js';
import { previousMinute, WORKLOADS } from '../src/workloads.js';

const minuteStart = previousMinute();

describe('delivering events to invocations', () => {
  it('cycles through the pool’s own objects by default', () => {
    const { spec, batches } = batchesFor({ workload: 'original150', records: 300, seed: 1, minuteStart });
    const deliver = deliveryFor(spec, batches);
    expect(deliver(0)).toBe(batches[0]);
    expect(deliver(1)).toBe(batches[1]);
    expect(deliver(2)).toBe(batches[0]);
  });

  it('parses a fresh copy of the same event for every invocation when the workload says fresh', () => {
    const spec = { ...WORKLOADS.original150, delivery: 'fresh' as const };
    const { batches } = batchesFor({ workload: 'original150', records: 300, seed: 1, minuteStart });
    const deliver = deliveryFor(spec, batches);
    const first = deliver(0);
    const again = deliver(2);
    expect(first).toEqual(batches[0]);
    expect(again).toEqual(batches[0]);
    expect(first).not.toBe(batches[0]);
    expect(again).not.toBe(first);
    expect(deliver(1)).toEqual(batches[1]);
  });

  it('refuses fresh delivery of keyed values, which no runtime parses', () => {
    const spec = { ...WORKLOADS.manyMetrics, delivery: 'fresh' as const };
    const { batches } = batchesFor({ workload: 'manyMetrics', records: 10_000, seed: 1, minuteStart });
    expect(() => deliveryFor(spec, batches)).toThrow(
      'manyMetrics: only Kinesis events can be delivered fresh',
    );
  });

  it('is what the fresh workloads ask for, on the same payloads as their pool twins', () => {
    expect(WORKLOADS.original10000Fresh.delivery).toBe('fresh');
    expect(WORKLOADS.original10000Fresh.payload).toBe(WORKLOADS.original10000.payload);
    expect(WORKLOADS.events10000Fresh.handlerEnv).toEqual(WORKLOADS.events10000.handlerEnv);
    expect(WORKLOADS.original10000.delivery).toBeUndefined();
  });
});
