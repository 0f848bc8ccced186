/**
 * The exactly-once run planner, in-process: runs are consecutive Kinesis records, in order, covering the
 * batch; each run is one PutMetricData request (a KPL record too big for one is a run of its own); the
 * InvalidRecords counts add up record by record; and every accepted value is carried exactly once.
 */
import type { MetricDatum, PutMetricDataRequest } from '@cwagg/core';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES } from '@cwagg/core/limits';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLS_METRIC_NAME,
  createRunPlanner,
  type DecodedBatch,
  type FoldedValue,
  INVALID_RECORDS_METRIC_NAME,
  loadHandlerConfig,
  type Run,
  type Series,
  type ValueReason,
} from '../src/index.js';
import { mappedRuns } from '../src/mapping/mapped-runs.js';
import {
  anArrival,
  anOutOfRangeValue,
  aValue,
  batchOf,
  type Entry,
  fateOf,
  NOW,
  type RecordSpec,
  recordsOf,
  sequenceNumberOf,
  timesOfValues,
} from './support/decoded-batch.js';

const config = loadHandlerConfig('aggregated', {});
const planner = createRunPlanner(config, () => NOW);
/** The Aggregator checks the range again, so the planner is given values decodeBatch would not yield too. */
const aRecord = recordsOf(
  fc.oneof({ weight: 10, arbitrary: aValue }, { weight: 1, arbitrary: anOutOfRangeValue }),
);

/** Bytes of a request's JSON 1.0 body, computed here: timestamps as epoch seconds. */
function bodyBytes(request: PutMetricDataRequest): number {
  const wire = request.MetricData.map((datum) => ({ ...datum, Timestamp: datum.Timestamp.getTime() / 1000 }));
  return Buffer.byteLength(JSON.stringify({ Namespace: request.Namespace, MetricData: wire }));
}

function datumsNamed(run: Run, name: string): MetricDatum[] {
  return run.requests.flatMap((request) => request.MetricData.filter((datum) => datum.MetricName === name));
}

/** value -> count, from the Values/Counts of the value metric's datums. */
function carriedValues(runs: readonly Run[]): Map<number, number> {
  const carried = new Map<number, number>();
  for (const run of runs) {
    for (const datum of datumsNamed(run, config.metric.name)) {
      datum.Values.forEach((value, i) => {
        carried.set(value, (carried.get(value) ?? 0) + (datum.Counts?.[i] ?? 1));
      });
    }
  }
  return carried;
}

function expectedValues(records: readonly RecordSpec[]): Map<number, number> {
  const expected = new Map<number, number>();
  for (const record of records) {
    for (const entry of record.entries) {
      if ('value' in entry && fateOf(entry.value, record.arrival) === 'accepted') {
        const value = entry.value + 0; // CloudWatch has no -0
        expected.set(value, (expected.get(value) ?? 0) + 1);
      }
    }
  }
  return expected;
}

const isValue = (entry: Entry): entry is { value: number } => 'value' in entry;

describe('createRunPlanner', () => {
  it('cuts any batch into consecutive runs that cover it in order, each one request within the limits', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 60 }), (records) => {
        const runs = planner.plan(batchOf(records));
        if (records.length === 0) {
          expect(runs).toEqual([]);
          return;
        }
        expect(runs[0]?.firstRecord).toBe(0);
        expect(runs.at(-1)?.endRecord).toBe(records.length);
        for (const [i, run] of runs.entries()) {
          expect(run.endRecord).toBeGreaterThan(run.firstRecord);
          if (i > 0) expect(run.firstRecord).toBe(runs[i - 1]?.endRecord);
          expect(run.requests).toHaveLength(1);
          const request = run.requests[0] as PutMetricDataRequest;
          expect(request.Namespace).toBe(config.namespace);
          expect(request.MetricData.length).toBeLessThanOrEqual(MAX_DATUMS_PER_REQUEST);
          expect(bodyBytes(request)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
          expect(run.bodyBytes).toBe(bodyBytes(request));
        }
      }),
    );
  });

  it('plans a batch the same whatever the planner planned before (its aggregators are kept, empty)', () => {
    fc.assert(
      fc.property(
        fc.array(aRecord, { maxLength: 40 }),
        fc.array(aRecord, { maxLength: 40 }),
        (before, records) => {
          const kept = createRunPlanner(config, () => NOW);
          kept.plan(batchOf(before));
          const again = kept.plan(batchOf(records));
          expect(again).toEqual(createRunPlanner(config, () => NOW).plan(batchOf(records)));
          expect(kept.plan(batchOf(records))).toEqual(again);
        },
      ),
      { numRuns: 50 },
    );
  });

  it('accounts for every invalid entry and every rejected value, record by record', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 60 }), (records) => {
        const runs = planner.plan(batchOf(records));
        for (const run of runs) {
          const inRun = records.slice(run.firstRecord, run.endRecord);
          const offset = run.firstRecord;
          // What the run should set aside, decided from the records alone: unreadable entries, and values
          // outside CloudWatch's range or time window.
          const expected = inRun.flatMap((record, k) =>
            record.entries
              .filter((entry) => !isValue(entry) || fateOf(entry.value, record.arrival) !== 'accepted')
              .map(() => offset + k),
          );
          expect(run.invalid.map((entry) => entry.recordIndex)).toEqual(expected);
          for (const entry of run.invalid) {
            expect(entry.sequenceNumber).toBe(sequenceNumberOf(entry.recordIndex));
            expect(entry.reason).not.toBe('');
          }
          // The run's InvalidRecords datum says the same number.
          const counted = datumsNamed(run, INVALID_RECORDS_METRIC_NAME).reduce(
            (sum, datum) => sum + datum.StatisticValues.Sum,
            0,
          );
          expect(counted).toBe(expected.length);
          const values = inRun.reduce((sum, record) => sum + record.entries.filter(isValue).length, 0);
          const rejected =
            run.invalid.length -
            batchOf(records).invalid.filter(
              (entry) => entry.recordIndex >= run.firstRecord && entry.recordIndex < run.endRecord,
            ).length;
          expect(run.values).toBe(values - rejected);
        }
      }),
    );
  });

  it('carries every accepted value exactly once, and gives each request one PutMetricDataCalls datum', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 60 }), (records) => {
        const runs = planner.plan(batchOf(records));
        expect(carriedValues(runs)).toEqual(expectedValues(records));
        for (const run of runs) {
          for (const request of run.requests) {
            const calls = request.MetricData.filter((datum) => datum.MetricName === CALLS_METRIC_NAME);
            expect(calls).toHaveLength(1);
            expect(calls[0]?.Values).toEqual([1]);
          }
        }
      }),
    );
  });

  it('names why each value was rejected', () => {
    const runs = planner.plan(
      batchOf([
        { entries: [{ value: 1 }], arrival: NOW },
        { entries: [{ value: 2 }], arrival: NOW - 20 * 86_400_000 },
        { entries: [{ value: 3 }], arrival: NOW + 4 * 3_600_000 },
        { entries: [{ value: 1e200 }], arrival: NOW },
        { entries: [{ invalid: 'data is not valid base64' }], arrival: NOW },
      ]),
    );
    expect(runs).toHaveLength(1);
    expect(runs[0]?.invalid).toEqual([
      { recordIndex: 1, sequenceNumber: 'seq-1', reason: expect.stringMatching(/too old/) },
      { recordIndex: 2, sequenceNumber: 'seq-2', reason: expect.stringMatching(/too far ahead/) },
      {
        recordIndex: 3,
        sequenceNumber: 'seq-3',
        reason: expect.stringMatching(/outside CloudWatch's range/),
      },
      { recordIndex: 4, sequenceNumber: 'seq-4', reason: 'data is not valid base64' },
    ]);
  });

  it('sends the sample’s workload, 10,000 records of integers 0..1000, as one run', () => {
    const records: RecordSpec[] = Array.from({ length: 10_000 }, (_, i) => ({
      entries: [{ value: (i * 7919) % 1001 }],
      arrival: NOW - (i % 120) * 1000,
    }));
    const runs = planner.plan(batchOf(records));
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ firstRecord: 0, endRecord: 10_000, values: 10_000, invalid: [] });
  });

  it('splits records whose values need more than one request into a few long runs', () => {
    // 17-digit fractions cost about 19 bytes each: 100,000 distinct ones need about two requests.
    const records: RecordSpec[] = Array.from({ length: 100_000 }, (_, i) => ({
      entries: [{ value: i / 7 + 0.1 }],
      arrival: NOW,
    }));
    const runs = planner.plan(batchOf(records));
    expect(runs.length).toBeGreaterThan(1);
    expect(runs.map((run) => run.requests.length)).toEqual(runs.map(() => 1));
    // Fewer runs than two per request's worth: each run is long, not a record at a time.
    const totalBytes = runs.reduce((sum, run) => sum + run.bodyBytes, 0);
    expect(runs.length).toBeLessThanOrEqual(Math.ceil((2 * totalBytes) / MAX_REQUEST_BYTES));
    expect(carriedValues(runs)).toEqual(expectedValues(records));
  });

  it('makes a KPL record too big for one request a run of its own, in several requests', () => {
    const big: RecordSpec = {
      entries: Array.from({ length: 70_000 }, (_, i) => ({ value: i / 7 + 0.1 })),
      arrival: NOW,
    };
    const records: RecordSpec[] = [
      { entries: [{ value: 1 }], arrival: NOW },
      big,
      { entries: [{ value: 2 }], arrival: NOW },
    ];
    const runs = planner.plan(batchOf(records));
    expect(runs.map((run) => [run.firstRecord, run.endRecord])).toEqual([
      [0, 1],
      [1, 2],
      [2, 3],
    ]);
    const own = runs[1] as Run;
    expect(own.requests.length).toBeGreaterThan(1);
    for (const request of own.requests) {
      expect(bodyBytes(request)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
      expect(request.MetricData.filter((datum) => datum.MetricName === CALLS_METRIC_NAME)).toHaveLength(1);
    }
    expect(own.bodyBytes).toBe(own.requests.reduce((sum, request) => sum + bodyBytes(request), 0));
    // Its InvalidRecords count (0) is sent once, not once per request.
    expect(datumsNamed(own, INVALID_RECORDS_METRIC_NAME)).toHaveLength(1);
    expect(carriedValues(runs)).toEqual(expectedValues(records));
  });
});

describe('createRunPlanner with a mapping', () => {
  const mappedConfig = loadHandlerConfig('aggregated', {
    METRICS: '{"Dimensions":[["route"]],"Metrics":[{"Name":"ms"}]}',
    RECORD_DIRECTIVE_NAMESPACES: 'Other',
  });
  const mappedPlanner = createRunPlanner(mappedConfig, () => NOW);
  const SERIES: Series[] = [
    { namespace: 'PutMetricDataExample', definition: { name: 'ms', dimensions: { route: '/a' } } },
    { namespace: 'PutMetricDataExample', definition: { name: 'ms', dimensions: { route: '/b' } } },
    { namespace: 'Other', definition: { name: 'time', dimensions: {} } },
  ];

  /**
   * A mapped batch over `series`: each record's values with their series, set-aside entries and folded values.
   * Runs of one namespace take the planner's one pass (Aggregator.addEach); a record holding values in both
   * namespaces, its grouped path.
   */
  const mappedBatchOver = (series: readonly Series[]) =>
    fc
      .array(
        fc.record({
          values: fc.array(
            fc.tuple(
              aValue,
              fc.constantFrom(0, 0, 1, 2).map((s) => Math.min(s, series.length - 1)),
            ),
            { maxLength: 3 },
          ),
          aside: fc.array(fc.constantFrom('MissingField', 'BadDimension'), { maxLength: 2 }),
          invalid: fc.boolean(),
          folded: fc.boolean(),
          arrival: anArrival,
        }),
        { maxLength: 40 },
      )
      .map((records): DecodedBatch => {
        const batch = batchOf(
          records.map(({ values, invalid, arrival }) => ({
            entries:
              invalid && values.length === 0
                ? [{ invalid: 'payload "x" is not JSON' }]
                : values.map(([value]) => ({ value })),
            arrival,
          })),
        );
        const valueSeries = Int32Array.from(
          records.flatMap(({ values }) => values.map(([, series]) => series)),
        );
        const setAside = records.flatMap(({ aside }, recordIndex) =>
          aside.map((reason) => ({ recordIndex, reason: reason as ValueReason, detail: reason })),
        );
        const folded: FoldedValue[] = [];
        records.forEach(({ folded: did }, r) => {
          if (did)
            for (
              let i = batch.recordFirstValue[r] as number;
              i < (batch.recordFirstValue[r + 1] as number);
              i++
            )
              folded.push({ valueIndex: i, dimension: 'route' });
        });
        return {
          ...batch,
          mapped: {
            valueSeries,
            timestamps: Float64Array.from(timesOfValues(batch)),
            series: [...series],
            setAside,
            folded,
            foldReport: [],
            runs: mappedRuns,
          },
        };
      });

  const aMappedBatch = fc.oneof(mappedBatchOver(SERIES), mappedBatchOver(SERIES.slice(0, 2)));

  const sumOf = (runs: readonly Run[], name: string, dimension?: [string, string]) =>
    runs
      .flatMap((run) => run.requests.flatMap((request) => request.MetricData))
      .filter(
        (datum) =>
          datum.MetricName === name &&
          (dimension === undefined ||
            datum.Dimensions?.some((d) => d.Name === dimension[0] && d.Value === dimension[1])),
      )
      .reduce((sum, datum) => sum + datum.StatisticValues.Sum, 0);

  it('keeps one namespace per request, covers the batch in order, and carries every accepted value once', () => {
    fc.assert(
      fc.property(aMappedBatch, (batch) => {
        const runs = mappedPlanner.plan(batch);
        const times = timesOfValues(batch);
        let next = 0;
        const carried = new Map<string, number>();
        for (const run of runs) {
          expect(run.firstRecord).toBe(next);
          next = run.endRecord;
          for (const request of run.requests) {
            expect(bodyBytes(request)).toBeLessThanOrEqual(MAX_REQUEST_BYTES);
            const names = request.MetricData.map((datum) => datum.MetricName);
            if (request.Namespace === 'Other') expect(names.filter((n) => n === 'ms')).toEqual([]);
            else expect(names.filter((n) => n === 'time')).toEqual([]);
            for (const datum of request.MetricData) {
              if (datum.MetricName !== 'ms' && datum.MetricName !== 'time') continue;
              const key = `${request.Namespace} ${datum.MetricName} ${JSON.stringify(datum.Dimensions ?? [])}`;
              // Each value under its series, with its count: the values themselves, not only how many.
              datum.Values.forEach((value, k) => {
                const valueKey = `${key} ${value}`;
                carried.set(valueKey, (carried.get(valueKey) ?? 0) + (datum.Counts?.[k] ?? 1));
              });
            }
          }
          // Several requests only for one record holding values in both namespaces.
          if (run.requests.length > 1) expect(run.endRecord - run.firstRecord).toBe(1);
        }
        expect(next).toBe(batch.recordCount);
        const expected = new Map<string, number>();
        for (let i = 0; i < batch.valueCount; i++) {
          if (fateOf(batch.values[i] as number, times[i] as number) !== 'accepted') continue;
          const series = batch.mapped?.series[batch.mapped.valueSeries[i] as number] as Series;
          const dimensions = Object.entries({ ...series.definition.dimensions })
            .sort(([a], [b]) => (a < b ? -1 : 1))
            .map(([Name, Value]) => ({ Name, Value }));
          // -0 is sent as 0.
          const key = `${series.namespace} ${series.definition.name} ${JSON.stringify(dimensions)} ${(batch.values[i] as number) + 0}`;
          expected.set(key, (expected.get(key) ?? 0) + 1);
        }
        expect(carried).toEqual(expected);
      }),
    );
  });

  it('counts every value set aside (by reason), refused (by its time) and folded (by dimension), once', () => {
    fc.assert(
      fc.property(aMappedBatch, (batch) => {
        const runs = mappedPlanner.plan(batch);
        const times = timesOfValues(batch);
        const aside = batch.mapped?.setAside ?? [];
        for (const reason of ['MissingField', 'BadDimension']) {
          expect(sumOf(runs, 'InvalidValues', ['Reason', reason])).toBe(
            aside.filter((e) => e.reason === reason).length,
          );
        }
        let refused = 0;
        let folded = 0;
        for (let i = 0; i < batch.valueCount; i++) {
          const accepted = fateOf(batch.values[i] as number, times[i] as number) === 'accepted';
          if (!accepted) refused++;
          else if (batch.mapped?.folded.some((entry) => entry.valueIndex === i)) folded++;
        }
        expect(
          sumOf(runs, 'InvalidValues', ['Reason', 'OutsideTimeWindow']) +
            sumOf(runs, 'InvalidValues', ['Reason', 'OutOfRange']),
        ).toBe(refused);
        expect(sumOf(runs, 'FoldedValues', ['Dimension', 'route'])).toBe(folded);
        expect(sumOf(runs, 'InvalidRecords')).toBe(batch.invalid.length);
        expect(runs.flatMap((run) => run.setAside)).toHaveLength(aside.length + refused);
      }),
    );
  });

  it('cuts runs where the namespace changes, records without values joining their neighbours', () => {
    const records: RecordSpec[] = [0, 0, -1, 2, 2, -1, 1].map((series) => ({
      entries: series < 0 ? [{ invalid: 'x' }] : [{ value: 1 }],
      arrival: NOW,
    }));
    const plain = batchOf(records);
    const batch: DecodedBatch = {
      ...plain,
      mapped: {
        valueSeries: Int32Array.from([0, 0, 2, 2, 1]),
        timestamps: Float64Array.from(timesOfValues(plain)),
        series: SERIES,
        setAside: [],
        folded: [],
        foldReport: [],
        runs: mappedRuns,
      },
    };
    const runs = mappedPlanner.plan(batch);
    expect(runs.map((run) => [run.firstRecord, run.endRecord, run.requests.map((r) => r.Namespace)])).toEqual(
      [
        [0, 3, ['PutMetricDataExample']],
        [3, 6, ['Other']],
        [6, 7, ['PutMetricDataExample']],
      ],
    );
    // Each run's own counts ride in its own request: the invalid record 5 is counted in Other.
    expect(runs.map((run) => sumOf([run], 'InvalidRecords'))).toEqual([1, 1, 0]);
  });
});
