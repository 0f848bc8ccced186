/**
 * The baseline's plan, in-process: one lean `Value` request per accepted value, every invalid entry counted
 * once in the request of the next value (the last one for trailing entries), and each request reported at
 * the earliest record it carries, so a retry from there never loses a count.
 */
import type { MetricDatum } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CALLS_METRIC_NAME,
  INVALID_RECORDS_METRIC_NAME,
  loadHandlerConfig,
  planSingleRequests,
  type SingleRequest,
} from '../src/index.js';
import { mappedRuns } from '../src/mapping/mapped-runs.js';
import { aRecord, batchOf, fateOf, NOW, type RecordSpec, timesOfValues } from './support/decoded-batch.js';

const config = loadHandlerConfig('single', { DIMENSIONS: '{"Service":"checkout","Az":"a"}' });
const MINUTE = 60_000;

/** The accepted values in batch order, with their records: decided from the records alone. */
function accepted(records: readonly RecordSpec[]) {
  return records.flatMap((record, recordIndex) =>
    record.entries.flatMap((entry) =>
      'value' in entry && fateOf(entry.value, record.arrival) === 'accepted'
        ? [{ value: entry.value, recordIndex, arrival: record.arrival }]
        : [],
    ),
  );
}

/** The record of every entry set aside: unreadable ones, and values CloudWatch would reject. */
function setAside(records: readonly RecordSpec[]): number[] {
  return records.flatMap((record, recordIndex) =>
    record.entries
      .filter((entry) => !('value' in entry) || fateOf(entry.value, record.arrival) !== 'accepted')
      .map(() => recordIndex),
  );
}

function datum(request: SingleRequest, name: string): MetricDatum | undefined {
  return request.request.MetricData?.find((each) => each.MetricName === name);
}

const invalidCarried = (request: SingleRequest) => datum(request, INVALID_RECORDS_METRIC_NAME)?.Value ?? 0;

describe('planSingleRequests', () => {
  it('makes one request per accepted value, in batch order, in the lean Value form', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 40 }), (records) => {
        const plan = planSingleRequests(batchOf(records), config, NOW);
        const values = accepted(records);
        expect(plan.values).toBe(values.length);
        const valueRequests = plan.requests.filter((request) => datum(request, config.metric.name));
        expect(valueRequests).toHaveLength(values.length);
        for (const [k, request] of valueRequests.entries()) {
          const expected = values[k] as (typeof values)[number];
          const value = request.request.MetricData?.[0] as MetricDatum;
          expect(value.MetricName).toBe(config.metric.name);
          expect(value.Value).toBe(expected.value);
          expect(value.Values).toBeUndefined();
          // Stamped with the start of the value's own minute, as CloudWatch stores it.
          expect(value.Timestamp).toEqual(new Date(Math.floor(expected.arrival / MINUTE) * MINUTE));
          expect(value.StorageResolution).toBeUndefined();
          expect(value.Dimensions).toEqual([
            { Name: 'Az', Value: 'a' },
            { Name: 'Service', Value: 'checkout' },
            { Name: 'Type', Value: 'PutMetricDataSingleValue' },
          ]);
          expect(datum(request, CALLS_METRIC_NAME)?.Value).toBe(1);
          expect(request.request.Namespace).toBe(config.namespace);
        }
      }),
    );
  });

  it('counts every invalid entry once, in the request of the next value at or after it (trailing ones in the last)', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 40 }), (records) => {
        const plan = planSingleRequests(batchOf(records), config, NOW);
        const invalid = setAside(records);
        expect(plan.invalid.map((entry) => entry.recordIndex)).toEqual(invalid);
        const total = plan.requests.reduce((sum, request) => sum + invalidCarried(request), 0);
        expect(total).toBe(invalid.length);
        const values = accepted(records);
        if (values.length === 0) {
          // Nothing to ride with: one request of its own, or none when there is nothing to count.
          expect(plan.requests).toHaveLength(invalid.length === 0 ? 0 : 1);
          return;
        }
        let carriedSoFar = 0;
        for (const [k, request] of plan.requests.entries()) {
          carriedSoFar += invalidCarried(request);
          const upTo = (values[k] as (typeof values)[number]).recordIndex;
          const due = k === values.length - 1 ? invalid.length : invalid.filter((r) => r <= upTo).length;
          expect(carriedSoFar).toBe(due);
        }
      }),
    );
  });

  it('reports each request at the earliest record it carries, so a retry from there loses no count', () => {
    fc.assert(
      fc.property(fc.array(aRecord, { maxLength: 40 }), (records) => {
        const plan = planSingleRequests(batchOf(records), config, NOW);
        const values = accepted(records);
        const invalid = setAside(records);
        let previousRecord = -1;
        let nextInvalid = 0;
        for (const [k, request] of plan.requests.entries()) {
          const carried = invalidCarried(request);
          const carriedRecords = invalid.slice(nextInvalid, nextInvalid + carried);
          nextInvalid += carried;
          const own = values[k]?.recordIndex;
          const earliest = Math.min(...carriedRecords, own ?? Number.POSITIVE_INFINITY);
          expect(request.reportRecord).toBe(earliest);
          // Never before the record of the previous value: a retry from there would send it again.
          expect(request.reportRecord).toBeGreaterThanOrEqual(previousRecord);
          if (own !== undefined) previousRecord = own;
        }
      }),
    );
  });

  it('sends an invalid count with nothing valid to carry it in a call of its own', () => {
    const plan = planSingleRequests(
      batchOf([
        { entries: [{ invalid: 'data is not valid base64' }], arrival: NOW },
        { entries: [{ value: 5 }], arrival: NOW - 30 * 86_400_000 },
      ]),
      config,
      NOW,
    );
    expect(plan.values).toBe(0);
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]?.reportRecord).toBe(0);
    expect(plan.requests[0]?.request.MetricData?.map((each) => [each.MetricName, each.Value])).toEqual([
      [CALLS_METRIC_NAME, 1],
      [INVALID_RECORDS_METRIC_NAME, 2],
    ]);
    expect(plan.invalid.map((entry) => entry.reason)).toEqual([
      'data is not valid base64',
      expect.stringMatching(/too old/),
    ]);
  });

  it('keeps high-resolution values on their second, and says so', () => {
    const fast = loadHandlerConfig('single', { STORAGE_RESOLUTION: '1' });
    const at = NOW - 1_234;
    const plan = planSingleRequests(batchOf([{ entries: [{ value: 7 }], arrival: at }]), fast, NOW);
    const value = plan.requests[0]?.request.MetricData?.[0];
    expect(value).toMatchObject({
      Value: 7,
      StorageResolution: 1,
      Timestamp: new Date(Math.floor(at / 1000) * 1000),
    });
  });

  it('plans nothing for an empty batch', () => {
    expect(planSingleRequests(batchOf([]), config, NOW)).toEqual({
      requests: [],
      invalid: [],
      setAside: [],
      values: 0,
    });
  });
});

describe('planSingleRequests with a mapping', () => {
  it('sends each value under each set alone, in its namespace, and carries the counts of set-aside and folded values', () => {
    const mapped = loadHandlerConfig('single', {
      METRICS: '{"Dimensions":[["route"]],"Metrics":[{"Name":"ms","Unit":"Milliseconds"}]}',
    });
    const plain = batchOf([
      { entries: [{ value: 5 }], arrival: NOW },
      { entries: [], arrival: NOW }, // a record whose field was missing
      { entries: [{ value: 7 }, { value: 8 }], arrival: NOW },
      { entries: [{ value: 9 }], arrival: NOW - 20 * 86_400_000 }, // too old
    ]);
    const plan = planSingleRequests(
      {
        ...plain,
        mapped: {
          valueSeries: Int32Array.from([0, 1, 1, 0]),
          timestamps: Float64Array.from(timesOfValues(plain)),
          series: [
            {
              namespace: 'Web',
              definition: { name: 'ms', unit: 'Milliseconds', dimensions: { route: '/a' } },
            },
            {
              namespace: 'Web',
              definition: { name: 'ms', unit: 'Milliseconds', dimensions: { route: 'Other' } },
            },
          ],
          setAside: [{ recordIndex: 1, reason: 'MissingField', detail: 'field "ms" is missing' }],
          folded: [
            { valueIndex: 1, dimension: 'route' },
            { valueIndex: 2, dimension: 'route' },
          ],
          foldReport: [],
          runs: mappedRuns,
        },
      },
      mapped,
      NOW,
    );
    expect(plan.values).toBe(3);
    const shown = plan.requests.map(({ request, reportRecord }) => [
      reportRecord,
      request.Namespace,
      (request.MetricData ?? []).map((datum) => {
        const dimensions = (datum.Dimensions ?? []).map((d) => `${d.Name}=${d.Value}`).join(',');
        return `${datum.MetricName}{${dimensions}} ${datum.Value}`;
      }),
    ]);
    expect(shown).toEqual([
      [0, 'Web', ['ms{route=/a} 5', 'PutMetricDataCalls{Type=PutMetricDataSingleValue} 1']],
      [
        1,
        'Web',
        [
          'ms{route=Other} 7',
          'PutMetricDataCalls{Type=PutMetricDataSingleValue} 1',
          'InvalidValues{Reason=MissingField,Type=PutMetricDataSingleValue} 1',
          'FoldedValues{Dimension=route,Type=PutMetricDataSingleValue} 2',
        ],
      ],
      [
        2,
        'Web',
        [
          'ms{route=Other} 8',
          'PutMetricDataCalls{Type=PutMetricDataSingleValue} 1',
          'InvalidValues{Reason=OutsideTimeWindow,Type=PutMetricDataSingleValue} 1',
        ],
      ],
    ]);
    expect(plan.setAside.map((entry) => entry.reason)).toEqual(['MissingField', 'OutsideTimeWindow']);
  });
});
