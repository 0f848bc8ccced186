import { availableParallelism } from 'node:os';
import { DEFAULT_PRICE_PER_1000_REQUESTS_USD } from '@cwagg/core/limits';
import { DEFAULT_TEMPLATE } from '@cwagg/producer';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_BATCH_SIZE,
  DEFAULT_RECORDS,
  DEFAULT_SHARDS,
  demoSettings,
  PRESETS,
} from '../../src/index.js';

describe('the settings of a run', () => {
  it('fill in every default: the original sample’s batch size, 8 shards, a fresh seed', () => {
    const settings = demoSettings();
    expect(settings).toMatchObject({
      records: DEFAULT_RECORDS,
      batchSize: DEFAULT_BATCH_SIZE,
      batchingWindowMs: 0,
      shards: DEFAULT_SHARDS,
      template: DEFAULT_TEMPLATE,
      faultRate: 0,
      faultSeed: 1,
      badRatio: 0,
      pricePer1000RequestsUsd: DEFAULT_PRICE_PER_1000_REQUESTS_USD,
      valueField: null,
      concurrency: Math.min(DEFAULT_SHARDS, availableParallelism()),
      partitioning: 'batches',
    });
    expect(DEFAULT_BATCH_SIZE).toBe(150);
    expect(Number.isInteger(settings.seed)).toBe(true);
  });

  it('keep what was given, in the order the result reports them', () => {
    const settings = demoSettings({
      records: 10,
      shards: 3,
      seed: 7,
      valueField: 'a.b',
      partitioning: 'random',
    });
    expect(settings).toMatchObject({
      records: 10,
      shards: 3,
      seed: 7,
      valueField: 'a.b',
      partitioning: 'random',
    });
    expect(settings.concurrency).toBe(Math.min(3, availableParallelism()));
    expect(Object.keys(settings)).toEqual([
      'records',
      'batchSize',
      'batchingWindowMs',
      'shards',
      'template',
      'faultRate',
      'faultSeed',
      'badRatio',
      'seed',
      'pricePer1000RequestsUsd',
      'valueField',
      'metrics',
      'preset',
      'concurrency',
      'partitioning',
      'windowSeconds',
    ]);
  });

  it('take a preset’s template and METRICS, unless given beside it', () => {
    const web = demoSettings({ preset: 'web' });
    expect(web).toMatchObject({
      preset: 'web',
      template: PRESETS.web.template,
      metrics: PRESETS.web.metrics,
    });
    expect(demoSettings({ preset: 'web', template: '{"latencyMs": 1}' }).template).toBe('{"latencyMs": 1}');
    expect(demoSettings({ preset: 'web', metrics: '{"Metrics":[{"Name":"bytes"}]}' }).metrics).toBe(
      '{"Metrics":[{"Name":"bytes"}]}',
    );
    expect(demoSettings().metrics).toBeNull();
  });

  it('refuse a bad option with a RangeError naming it', () => {
    const refusals: Array<[Parameters<typeof demoSettings>[0], RegExp]> = [
      [{ records: 0 }, /^records must be a whole number from 1 to 1000000/],
      [{ batchSize: 10_001 }, /^batchSize /],
      [{ batchingWindowMs: -1 }, /^batchingWindowMs /],
      [{ shards: 65 }, /^shards /],
      [{ faultRate: 1.5 }, /^faultRate /],
      [{ badRatio: -0.1 }, /^badRatio /],
      [{ seed: 0.5 }, /^seed /],
      [{ pricePer1000RequestsUsd: Number.NaN }, /^pricePer1000RequestsUsd /],
      [{ concurrency: 0 }, /^concurrency /],
      [{ partitioning: 'hashed' as never }, /^partitioning must be one of batches, random \(got "hashed"\)/],
      [{ template: '  ' }, /^template must not be empty/],
      [{ valueField: 'a..b' }, /^valueField "a..b" has an empty part/],
      [{ preset: 'mobile' as never }, /^preset must be one of web \(got "mobile"\)/],
      [
        { metrics: '{"Metrics":[]}' },
        /^metrics is not a mapping the handlers take: METRICS: Metrics must be a non-empty array/,
      ],
      [{ preset: 'web', valueField: 'v' }, /VALUE_FIELD does not apply with METRICS/],
    ];
    for (const [options, message] of refusals) {
      expect(() => demoSettings(options), JSON.stringify(options)).toThrow(RangeError);
      expect(() => demoSettings(options), JSON.stringify(options)).toThrow(message);
    }
  });

  it('take a tumbling window of 1..900 seconds for the windowed column, none by default', () => {
    expect(demoSettings({ seed: 1 }).windowSeconds).toBeNull();
    expect(demoSettings({ seed: 1, windowSeconds: 5 }).windowSeconds).toBe(5);
    expect(() => demoSettings({ windowSeconds: 0 })).toThrow(/windowSeconds/);
    expect(() => demoSettings({ windowSeconds: 901 })).toThrow(/windowSeconds/);
  });
});
