import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../src/contenders/reading-only.js';
import type { KinesisEvent } from '../src/workloads.js';

const sumOfCodes = (text: string) => [...text].reduce((sum, c) => sum + c.charCodeAt(0), 0);

describe('the reading-only floor', () => {
  it("reads every character of each valid record's data and its arrival, and skips what a handler sets aside", () => {
    const event = lambdaEventFromRecords([
      { data: '523', sequenceNumber: '1', approximateArrivalTimestamp: 1_000 },
      { data: '{"value": 7}', sequenceNumber: '2', approximateArrivalTimestamp: 2_000 },
    ]);
    const [first, second] = event.Records.map((r) => r.kinesis);
    const expected = sumOfCodes(first?.data ?? '') + 1 + sumOfCodes(second?.data ?? '') + 2;
    expect(readRecords(event)).toBe(expected);

    const hostile = {
      Records: [
        ...event.Records,
        { kinesis: { data: 'NTIz', sequenceNumber: '' } },
        { kinesis: { data: 42, sequenceNumber: '3' } },
        {},
        { kinesis: { data: 'NTIz', sequenceNumber: '4', approximateArrivalTimestamp: 'soon' } },
      ],
    } as unknown as KinesisEvent;
    expect(readRecords(hostile)).toBe(expected + sumOfCodes('NTIz'));
  });
});
