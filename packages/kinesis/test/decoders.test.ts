/**
 * The handlers' decoders load the VALUE_FIELD readers and the full decode (KPL deaggregation, the strict parser)
 * on first use: the batch that needs them decodes exactly as decodeBatch (which has both at once) decodes it,
 * and so do the batches after.
 */
import type { KinesisStreamEvent } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { DecodedBatch } from '../src/batch.js';
import { decodeKinesisRecords, FullDecodeNeeded } from '../src/decode-records.js';
import { decoderLoader } from '../src/decoders.js';
import { decodeRecordInFull } from '../src/full-record-decode.js';
import { decodeBatch, loadHandlerConfig } from '../src/index.js';
import { contentsOf } from './support/decoded-batch.js';
import { eventOf, kplAggregates } from './support/fixtures.js';

const CLOCK = () => 1_700_000_000_000;

async function decodeWith(env: Record<string, string>, event: KinesisStreamEvent) {
  const decode = await decoderLoader(loadHandlerConfig('aggregated', env), CLOCK)();
  return decode(event);
}

describe('decoderLoader', () => {
  it('loads KPL deaggregation with the first batch holding an aggregate, which decodes as decodeBatch does', async () => {
    const [aggregate] = await kplAggregates([['1', ' 2.5', 'x', '-0', '1e3']]);
    const event = eventOf(['7', aggregate as Uint8Array, '8', 'nope']);
    const decode = await decoderLoader(loadHandlerConfig('aggregated', {}), CLOCK)();

    const first = decode(event);
    expect(first).toBeInstanceOf(Promise);
    const expected = contentsOf(decodeBatch(event.Records, { clock: CLOCK }));
    expect(contentsOf(await first)).toEqual(expected);
    expect(expected.values).toEqual([7, 1, 2.5, '-0', 1000, 8]);
    // Loaded now: the next batch with an aggregate is decoded at once.
    const second = decode(event);
    expect(second).not.toBeInstanceOf(Promise);
    expect(contentsOf(second as DecodedBatch)).toEqual(expected);
  });

  it('loads the full decode with the first batch holding an invalid record, which decodes as decodeBatch does', async () => {
    const event = eventOf(['7', 'seven', '8.25', '1e3']);
    const decode = await decoderLoader(loadHandlerConfig('aggregated', {}), CLOCK)();

    const first = decode(event);
    expect(first).toBeInstanceOf(Promise);
    const expected = contentsOf(decodeBatch(event.Records, { clock: CLOCK }));
    expect(contentsOf(await first)).toEqual(expected);
    expect(expected.values).toEqual([7, 8.25, 1000]);
    expect(expected.invalid.map((record) => record.recordIndex)).toEqual([1]);
    expect(decode(eventOf(['1', 'x']))).not.toBeInstanceOf(Promise);
  });

  it('reads VALUE_FIELD with its readers once loaded, as decodeBatch does, KPL aggregates included', async () => {
    const [aggregate] = await kplAggregates([['{"m":{"v":3}}', '{"m":{"v":"3"}}', '4']]);
    const payloads = [
      '{"m":{"v":1.5}}',
      '{"m":{"v":-0}}',
      '{ "m" : { "v" : 1e-7 } }',
      '{"m":{}}',
      aggregate as Uint8Array,
    ];
    const event = eventOf(payloads);
    const decoded = await decodeWith({ VALUE_FIELD: 'm.v' }, event);
    const expected = decodeBatch(event.Records, { clock: CLOCK, valueField: ['m', 'v'] });
    expect(contentsOf(decoded)).toEqual(contentsOf(expected));
    expect(contentsOf(expected).values).toEqual([1.5, '-0', 1e-7, 3]);
  });
});

describe('decodeKinesisRecords', () => {
  it('asks for the full decode on a record its fast paths do not read, rather than setting it aside', async () => {
    const [aggregate] = await kplAggregates([['1', '2']]);
    const needing = [
      eventOf(['1', aggregate as Uint8Array]),
      eventOf(['1', ' 2.5e1 ']),
      eventOf(['1', 'not a number']),
      eventOf(['{"v":1}']),
    ];
    for (const event of needing) {
      expect(() => decodeKinesisRecords(event.Records, {})).toThrow(FullDecodeNeeded);
      expect(
        contentsOf(decodeKinesisRecords(event.Records, { clock: CLOCK }, { full: decodeRecordInFull })),
      ).toEqual(contentsOf(decodeBatch(event.Records, { clock: CLOCK })));
    }
    // Bare numbers need nothing more.
    const plain = eventOf(['1', ' 2.5 ', '-0']);
    expect(contentsOf(decodeKinesisRecords(plain.Records, { clock: CLOCK })).values).toEqual([1, 2.5, '-0']);
    // Without VALUE_FIELD's reader, the full decode reads the same values.
    const json = eventOf(['{"v":1}', '{"v":"2"}', '{"v":1e400}']);
    expect(
      contentsOf(
        decodeKinesisRecords(json.Records, { valueField: ['v'], clock: CLOCK }, { full: decodeRecordInFull }),
      ),
    ).toEqual(contentsOf(decodeBatch(json.Records, { valueField: ['v'], clock: CLOCK })));
  });
});
