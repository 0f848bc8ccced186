import { describe, expect, it } from 'vitest';
import { createRecordSource, DEFAULT_TEMPLATE, generateRecords, ProducerError } from '../src/index.js';
import { renderMany, templateError } from './support/templates.js';

describe('seeds and record generation', () => {
  const template = '{"id":"{{random.uuid}}","v":{{random.number(1000)}},"who":"{{name.firstName}}"}';

  it('same seed, same records in the same order; another seed, other records', () => {
    const a = renderMany(template, 100, 42);
    expect(renderMany(template, 100, 42)).toEqual(a);
    expect(renderMany(template, 100, 43)).not.toEqual(a);
  });

  it('the partition key option never changes the data', () => {
    const plainKeys = [...generateRecords({ template, count: 50, seed: 9 })];
    const templatedKeys = [
      ...generateRecords({
        template,
        count: 50,
        seed: 9,
        partitionKey: '{{random.arrayElement(["a","b"])}}',
      }),
    ];
    const text = (r: { data: Uint8Array }) => new TextDecoder().decode(r.data);
    expect(templatedKeys.map(text)).toEqual(plainKeys.map(text));
    expect(new Set(templatedKeys.map((r) => r.partitionKey))).toEqual(new Set(['a', 'b']));
    for (const r of plainKeys) expect(r.partitionKey).toMatch(/^\d{1,10}$/);
  });

  it('a payload function replaces the template and gets a seeded random source', () => {
    const payload = (i: number, random: () => number) => (i % 10 === 0 ? 'not a number' : String(random()));
    const a = [...generateRecords({ payload, count: 30, seed: 5 })];
    const b = [...generateRecords({ payload, count: 30, seed: 5 })];
    expect(a.map((r) => r.data)).toEqual(b.map((r) => r.data));
    expect(new TextDecoder().decode(a[10]?.data)).toBe('not a number');
  });

  it('reports problems in the data and the partition key templates together', () => {
    const err = templateError(() => [
      ...generateRecords({ template: '{{x.y}}', partitionKey: '{{a.b}}', count: 1 }),
    ]);
    expect(err.problems.map((p) => p.message.split(' ')[0])).toEqual(['template', 'partition']);
  });
});

describe('a record source', () => {
  const text = (r: { data: Uint8Array }) => new TextDecoder().decode(r.data);

  it('numbers its records from 0 and sends the original sample’s template by default', () => {
    const records = [...generateRecords({ count: 200, seed: 1 })];
    expect(records.map((r) => r.index)).toEqual(Array.from({ length: 200 }, (_, i) => i));
    expect(DEFAULT_TEMPLATE).toBe('{{random.number(1000)}}');
    for (const r of records) {
      const value = Number(text(r));
      expect(Number.isInteger(value) && value >= 0 && value <= 1000, text(r)).toBe(true);
    }
  });

  it('reports the seed it drew, and repeats the run from it', () => {
    const source = createRecordSource({ template: '{{random.uuid}}' });
    expect(Number.isSafeInteger(source.seed)).toBe(true);
    const again = createRecordSource({ template: '{{random.uuid}}', seed: source.seed });
    expect(text(again.next())).toBe(text(source.next()));
  });

  it('takes each key from partitionKeyFor when given, with the record’s index', () => {
    const records = [...generateRecords({ count: 4, seed: 1, partitionKeyFor: (i) => `shard-${i % 2}` })];
    expect(records.map((r) => r.partitionKey)).toEqual(['shard-0', 'shard-1', 'shard-0', 'shard-1']);
  });

  it('sends bytes from a payload as they are', () => {
    const bytes = new Uint8Array([0xff, 0x00, 0x31]);
    const [record] = [...generateRecords({ count: 1, seed: 1, payload: () => bytes })];
    expect(record?.data).toBe(bytes);
  });

  it('refuses a seed that is not a whole number, and a payload of the wrong type', () => {
    expect(() => createRecordSource({ seed: 1.5 })).toThrow(ProducerError);
    const source = createRecordSource({ seed: 1, payload: () => 42 as unknown as string });
    expect(() => source.next()).toThrow(
      'payload(0) returned number; it must return a string or a Uint8Array.',
    );
  });
});
