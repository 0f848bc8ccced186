import { formatNumber } from '@cwagg/cli';
import { describe, expect, it } from 'vitest';
import {
  renderTable,
  resultJson,
  type SeriesRow,
  STATISTIC_NAMES,
  type StatisticName,
} from '../src/index.js';
import { demoResult, handlerResult, windowedDemoResult } from './support/demo-result.js';

/** The table's row for a label, split into its cells. */
function row(table: string, label: string): string[] {
  const line = table.split('\n').find((text) => text.startsWith(`${label} `));
  if (!line) throw new Error(`no row ${label} in:\n${table}`);
  return [
    label,
    ...line
      .slice(label.length)
      .trim()
      .split(/\s{2,}/),
  ];
}

describe('the demo table', () => {
  it('shows both handlers side by side, a row per figure and per statistic', () => {
    const result = demoResult();
    const table = renderTable(result);
    expect(table.split('\n')[0]).toBe(
      'cwagg demo: 1,000 records (0 malformed), 2 shard(s), batch size 150, seed 42',
    );
    expect(row(table, 'PutMetricData calls')).toEqual(['PutMetricData calls', '1,000', '7']);
    for (const name of STATISTIC_NAMES) {
      const shown = formatNumber(result.single.stats[name]);
      expect(row(table, name)).toEqual([name, shown, shown]);
    }
    expect(table).toContain('statistics agree: yes, and equal to the values sent\n');
    expect(table).toMatch(/^aggregated: 143x fewer calls, 35x fewer bytes \(price .+ per 1,000 requests\)$/m);
    expect(table.endsWith('\n')).toBe(true);
  });

  it('names the fault rate only when there is one', () => {
    const faulty = demoResult();
    faulty.settings = { ...faulty.settings, faultRate: 0.3 };
    expect(renderTable(faulty).split('\n')[0]).toMatch(/, fault rate 0\.3$/);
    expect(renderTable(demoResult()).split('\n')[0]).not.toContain('fault rate');
  });

  it('says which statistics differ, and which handler left the values sent', () => {
    const result = demoResult({
      agree: false,
      differences: ['Sum', 'p99'],
      single: handlerResult({ matchesProduced: false, differsFromProduced: ['Sum'] }),
    });
    const table = renderTable(result);
    expect(table).toContain('statistics agree: no: Sum, p99 differ\n');
    expect(table).toContain('single: Sum differ from the values sent\n');
    expect(table).not.toContain('aggregated: Sum differ');
  });

  it('agreeing handlers that both miss the values sent are told apart from a clean run', () => {
    const result = demoResult({
      single: handlerResult({ matchesProduced: false, differsFromProduced: ['SampleCount'] }),
    });
    expect(renderTable(result)).toContain('statistics agree: yes, but not equal to the values sent\n');
  });

  it('lists every batch given up, and the retries behind them', () => {
    const result = demoResult({
      aggregated: handlerResult({
        retries: 4,
        partialFailures: 3,
        functionErrors: 1,
        givenUp: [
          {
            shardId: 'shardId-000000000001',
            firstSequenceNumber: '100',
            lastSequenceNumber: '250',
            records: 150,
            attempts: 11,
            reason: 'Throttling',
          },
        ],
      }),
    });
    const lines = renderTable(result).split('\n');
    const at = lines.indexOf('aggregated: 1 batch(es) of 150 records GIVEN UP after their retries:');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe('  shardId-000000000001 100..250 (150 records, 11 attempts): Throttling');
    expect(lines).toContain('aggregated: 4 batch retries (3 partial failures, 1 function errors)');
    expect(lines.some((line) => line.startsWith('single:'))).toBe(false);
  });
});

describe('the windowed column', () => {
  it('adds a third column, the delay to checkpoint, and the bound of its calls', () => {
    const result = windowedDemoResult();
    const table = renderTable(result);
    expect(row(table, 'PutMetricData calls')).toEqual(['PutMetricData calls', '1,000', '7', '3']);
    for (const name of STATISTIC_NAMES) {
      const shown = formatNumber(result.single.stats[name]);
      expect(row(table, name)).toEqual([name, shown, shown, shown]);
    }
    expect(row(table, 'delay to checkpoint, mean')).toEqual([
      'delay to checkpoint, mean',
      '0.4 s',
      '0.4 s',
      '5.4 s',
    ]);
    expect(table).toContain(
      'windowed (5 s tumbling windows): 3 calls for 2 shard windows and 1 early flushes (within the bound',
    );
    expect(renderTable(demoResult())).not.toContain('windowed');
  });

  it('is in the --json line, shaped like aggregated', () => {
    const result = windowedDemoResult();
    const parsed = JSON.parse(resultJson(result));
    const { quantiles: _q, ...windowed } = result.windowed as NonNullable<typeof result.windowed>;
    expect(parsed.windowed).toEqual(windowed);
    for (const key of Object.keys(parsed.aggregated)) expect(parsed.windowed).toHaveProperty(key);
  });
});

describe('the --json line', () => {
  it('is one line holding the result without what only the report and the tests need', () => {
    const result = demoResult();
    const line = resultJson(result);
    expect(line).not.toContain('\n');
    const parsed = JSON.parse(line);
    expect(parsed).not.toHaveProperty('processes');
    expect(parsed).not.toHaveProperty('histogram');
    expect(parsed.single).not.toHaveProperty('quantiles');
    expect(parsed.aggregated).not.toHaveProperty('quantiles');
    const { processes: _p, histogram: _h, ...kept } = result;
    const { quantiles: _s, ...single } = result.single;
    const { quantiles: _a, ...aggregated } = result.aggregated;
    expect(parsed).toEqual({ ...kept, single, aggregated, windowed: null });
    expect(Object.keys(parsed).slice(0, 4)).toEqual(['records', 'invalid', 'single', 'aggregated']);
  });

  it('with METRICS, lists every series as sent with a mark per handler, and says they all agree', () => {
    const row = (route: string, differs: StatisticName[] = []): SeriesRow => ({
      metric: 'latencyMs',
      dimensions: { route },
      sent: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20, p50: 10, p90: 20, p99: 20 },
      single: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20, p50: 10, p90: 20, p99: 20 },
      aggregated: { SampleCount: 2, Sum: 30, Minimum: 10, Maximum: 20, p50: 10, p90: 20, p99: 20 },
      differs: { single: [], aggregated: differs },
    });
    const mapping = {
      metrics: '{"Dimensions":[["route"]],"Metrics":[{"Name":"latencyMs"}]}',
      series: [row('/a'), row('/b')],
      agree: true,
      setAside: { sent: 3, single: 3, aggregated: 3 },
      folded: { single: 0, aggregated: 0 },
    };
    const table = renderTable(demoResult({ mapping }));
    expect(table).toMatch(/^latencyMs +route=\/a +2 +30 +10 +20 +10 +20 +✓ +✓$/m);
    expect(table).toContain(
      'values set aside (one per value and dimension set): 3 sent, counted 3 single, 3 aggregated',
    );
    expect(table).toContain(
      'statistics agree: yes, in every one of the 2 (metric, dimensions) series, and equal to the values sent',
    );
    const off = renderTable(
      demoResult({ mapping: { ...mapping, agree: false, series: [row('/a', ['Sum'])] } }),
    );
    expect(off).toMatch(/^latencyMs +route=\/a .* ✓ +✗ Sum$/m);
    expect(JSON.parse(resultJson(demoResult({ mapping }))).mapping.series).toHaveLength(2);
  });
});
