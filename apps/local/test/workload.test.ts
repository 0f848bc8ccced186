import { parsePayload } from '@cwagg/kinesis';
import { compileTemplate } from '@cwagg/producer';
import { describe, expect, it } from 'vitest';
import { BAD_PAYLOADS, createWorkload } from '../src/index.js';

const bytesOf = (payload: string | Uint8Array) =>
  typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;

/** A repeatable stand-in for the producer's random draws: the fractional part of sin(n), well spread. */
function repeatableDraws(): () => number {
  let n = 0;
  return () => {
    n += 1;
    const x = Math.sin(n) * 10_000;
    return x - Math.floor(x);
  };
}

function sendAll(workload: ReturnType<typeof createWorkload>, records: number) {
  const random = repeatableDraws();
  return Array.from({ length: records }, (_, i) => workload.payload(i, random));
}

describe('the demo workload', () => {
  it('without bad records, sends the template’s records and knows every value it sent', () => {
    const workload = createWorkload({ template: '{{random.number(1000)}}', badRatio: 0, seed: 5 });
    const payloads = sendAll(workload, 300);
    // The same records the producer would render from this template and seed.
    const template = compileTemplate('{{random.number(1000)}}', { seed: 5 });
    expect(payloads).toEqual(Array.from({ length: 300 }, () => template.render()));
    const produced = workload.produced();
    expect(produced).toMatchObject({ records: 300, valid: 300, invalid: 0 });
    const sent = new Map<number, number>();
    for (const payload of payloads) sent.set(Number(payload), (sent.get(Number(payload)) ?? 0) + 1);
    expect(produced.values).toEqual(sent);
  });

  it('replaces about the bad ratio of records with payloads the handlers refuse, and counts them', () => {
    const workload = createWorkload({ template: '{{random.number(9)}}', badRatio: 0.25, seed: 2 });
    const payloads = sendAll(workload, 2_000);
    const produced = workload.produced();
    expect(produced.invalid).toBeGreaterThan(400);
    expect(produced.invalid).toBeLessThan(600);
    const refused = payloads.filter((payload) => parsePayload(bytesOf(payload), {}).value === undefined);
    expect(refused).toHaveLength(produced.invalid);
    expect([...produced.values.values()].reduce((a, b) => a + b, 0)).toBe(produced.valid);
  });

  it('reads the value at the value field of a JSON payload, as the handlers will', () => {
    const workload = createWorkload({
      template: '{"latency": {"ms": {{random.number(50)}}}, "route": "/x"}',
      badRatio: 0,
      seed: 1,
      valueField: 'latency.ms',
    });
    const payloads = sendAll(workload, 50);
    const values = payloads.map((payload) => JSON.parse(payload as string).latency.ms as number);
    expect(workload.produced().valid).toBe(50);
    expect([...workload.produced().values.keys()].sort((a, b) => a - b)).toEqual(
      [...new Set(values)].sort((a, b) => a - b),
    );
  });

  it('hands out a copy of what it counted: later records do not change an earlier answer', () => {
    const workload = createWorkload({ template: '7', badRatio: 0, seed: 1 });
    sendAll(workload, 3);
    const before = workload.produced();
    sendAll(workload, 2);
    expect(before.values.get(7)).toBe(3);
    expect(workload.produced().values.get(7)).toBe(5);
  });

  it('refuses a bad ratio outside 0..1', () => {
    expect(() => createWorkload({ template: '1', badRatio: 1.5, seed: 1 })).toThrow(/badRatio/);
  });
});

describe('the malformed payloads', () => {
  it('are refused both as decimal text and as JSON with a value field', () => {
    for (const payload of BAD_PAYLOADS) {
      expect(parsePayload(bytesOf(payload), {}).value, String(payload)).toBeUndefined();
      expect(
        parsePayload(bytesOf(payload), { valueField: ['value'] }).value,
        String(payload),
      ).toBeUndefined();
    }
  });
});
