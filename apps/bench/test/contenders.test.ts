import { describe, expect, it } from 'vitest';
import { disagreements } from '../src/agreement.js';
import { measureCost } from '../src/measure.js';
import { previousMinute, WORKLOADS, type WorkloadName } from '../src/workloads.js';

const minuteStart = previousMinute();

async function costOf(
  workload: WorkloadName,
  records: number,
  contenders: Parameters<typeof measureCost>[0]['contenders'],
) {
  return (await measureCost({ mode: 'cost', workload, contenders, records, seed: 7, minuteStart }))
    .byContender;
}

describe('every contender does the same work on the same records', () => {
  it('original sample at batch 150: same statistics, one call per batch for cwagg and the baseline, one per record for single', async () => {
    const cost = await costOf('original150', 300, WORKLOADS.original150.costed);
    const statistics = Object.fromEntries(
      Object.entries(cost).map(([name, entry]) => [name, entry?.statistics ?? {}]),
    );
    expect(disagreements(statistics)).toEqual([]);
    const { cwagg, cwaggHandler, baseline, powertools, embeddedMetrics, single } = cost;
    expect(cwagg?.statistics.PutMetricDataExample?.SampleCount).toBe(300);
    const values = cwagg?.statistics.PutMetricDataExample;
    expect(values?.Minimum).toBeGreaterThanOrEqual(0);
    expect(values?.Maximum).toBeLessThanOrEqual(1000);
    expect(cwagg?.requests.requests).toBe(2);
    expect(cwaggHandler?.requests.requests).toBe(2);
    expect(baseline?.requests.requests).toBe(2);
    expect(single?.requests.requests).toBe(300);
    // The handler logs one line per invocation; the bare path logs nothing.
    expect(cwagg?.logLines).toBe(0);
    expect(cwaggHandler?.logLines).toBe(2);
    // The EMF libraries make no calls, and write at most 100 values per line: 2 lines per batch of 150.
    for (const peer of [powertools, embeddedMetrics]) {
      expect(peer?.requests.requests).toBe(0);
      expect(peer?.logLines).toBeGreaterThanOrEqual(4);
      expect(peer?.logBytes).toBeGreaterThan(300);
    }
  });

  it('latencies: exact and bounded-error cwagg keep the same statistics as the peers', async () => {
    const exact = await costOf('latenciesExact', 10_000, [
      'cwagg',
      'baseline',
      'powertools',
      'embeddedMetrics',
    ]);
    const bounded = await costOf('latenciesBounded', 10_000, ['cwagg']);
    const statistics = {
      ...Object.fromEntries(Object.entries(exact).map(([name, entry]) => [name, entry?.statistics ?? {}])),
      bounded: bounded.cwagg?.statistics ?? {},
    };
    expect(disagreements(statistics)).toEqual([]);
    expect(exact.cwagg?.statistics.PutMetricDataExample?.SampleCount).toBe(10_000);
    // Bounded error folds nearly-equal latencies together: far fewer bytes for the same statistics.
    expect(bounded.cwagg?.requests.plainBytes).toBeLessThan((exact.cwagg?.requests.plainBytes ?? 0) / 4);
  });

  it('many metrics: 1,000 keys, the same statistics per key for every contender', async () => {
    const cost = await costOf('manyMetrics', 10_000, ['cwagg', 'baseline', 'powertools', 'embeddedMetrics']);
    const statistics = Object.fromEntries(
      Object.entries(cost).map(([name, entry]) => [name, entry?.statistics ?? {}]),
    );
    expect(disagreements(statistics)).toEqual([]);
    expect(Object.keys(cost.cwagg?.statistics ?? {})).toHaveLength(1000);
    expect(Object.keys(cost.powertools?.statistics ?? {})).toHaveLength(1000);
  });

  it('JSON records: cwagg, its handler, the naive reading and the single handler publish the same values', async () => {
    for (const [workload, metrics, batches] of [
      ['events10000', ['latencyMs', 'bytes'], 1],
      ['valueField10000', ['PutMetricDataExample'], 1],
      // 10,000 records at batch 150: 67 whole batches.
      ['valueField150', ['PutMetricDataExample'], 67],
    ] as const) {
      const cost = await costOf(workload, 10_000, ['cwagg', 'cwaggHandler', 'baseline', 'single']);
      const statistics = Object.fromEntries(
        Object.entries(cost).map(([name, entry]) => [name, entry?.statistics ?? {}]),
      );
      expect(disagreements(statistics), workload).toEqual([]);
      const records = batches * WORKLOADS[workload].batchSize;
      // Every value under each dimension set: two sets for the events, one (none) for {"value": N}.
      const perValue = workload === 'events10000' ? 2 : 1;
      for (const metric of metrics) {
        expect(cost.cwagg?.statistics[metric]?.SampleCount, `${workload} ${metric}`).toBe(records * perValue);
      }
      // One request per batch for the aggregating contenders, one per value and set for the single handler.
      expect(cost.cwagg?.requests.requests, workload).toBe(batches);
      expect(cost.baseline?.requests.requests, workload).toBe(batches);
      expect(cost.single?.requests.requests, workload).toBe(records * perValue * metrics.length);
    }
  });

  it('KPL aggregates: cwagg, its handler and the aws-kinesis-agg reading publish the same 460,000 values', async () => {
    const cost = await costOf('kplAggregates', 10_000, ['cwagg', 'cwaggHandler', 'baseline']);
    const statistics = Object.fromEntries(
      Object.entries(cost).map(([name, entry]) => [name, entry?.statistics ?? {}]),
    );
    expect(disagreements(statistics)).toEqual([]);
    expect(cost.cwagg?.statistics.PutMetricDataExample?.SampleCount).toBe(460_000);
    expect(cost.cwagg?.requests.requests).toBe(1);
  });
});
