/** MetricsBuffer's options: the documented defaults, every check, the flush offsets and the client. */
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  flushOffset,
  type MetricsBufferOptions,
  type MetricsBufferSettings,
  resolveMetricsBufferOptions,
} from '../../src/buffer/options.js';
import { CwaggConfigError, METRICS_BUFFER_DEFAULTS } from '../../src/index.js';
import { MAX_DATUMS_PER_REQUEST, MAX_REQUEST_BYTES } from '../../src/limits/index.js';
import type { PutMetricDataRequest } from '../../src/types.js';

/** A client that accepts everything and remembers what it was sent. */
function fakeClient() {
  const sent: PutMetricDataRequest[] = [];
  return {
    sent,
    send: async (command: { input: unknown }) => {
      sent.push(command.input as PutMetricDataRequest);
      return { $metadata: { attempts: 1 } };
    },
  };
}

const owned: CloudWatchClient[] = [];
afterEach(() => {
  for (const client of owned.splice(0)) client.destroy();
});

function resolve(options: Partial<MetricsBufferOptions> = {}): MetricsBufferSettings {
  const settings = resolveMetricsBufferOptions({ namespace: 'Test', client: fakeClient(), ...options });
  if (settings.ownedClient !== undefined) owned.push(settings.ownedClient);
  return settings;
}

describe('METRICS_BUFFER_DEFAULTS', () => {
  it('holds the defaults the README documents, and cannot be changed', () => {
    expect({ ...METRICS_BUFFER_DEFAULTS }).toEqual({
      flushIntervalMs: 60_000,
      highResolutionFlushIntervalMs: 1_000,
      jitterFraction: 0.25,
      maxBufferedKeys: 10_000,
      maxBufferedValues: 150_000,
      maxBufferedBytes: 5_000_000,
      maxRetryDatums: 10_000,
      maxRetryBytes: 10_000_000,
      closeTimeoutMs: 10_000,
      flushTimeoutMs: 30_000,
      requestTimeoutMs: 5_000,
      maxAttempts: 5,
    });
    expect(Object.isFrozen(METRICS_BUFFER_DEFAULTS)).toBe(true);
  });

  it('is what a buffer given only a namespace and a client is built with', () => {
    const settings = resolve();
    expect(settings).toMatchObject({
      namespace: 'Test',
      flushIntervalMs: METRICS_BUFFER_DEFAULTS.flushIntervalMs,
      highResolutionFlushIntervalMs: METRICS_BUFFER_DEFAULTS.highResolutionFlushIntervalMs,
      maxBufferedKeys: METRICS_BUFFER_DEFAULTS.maxBufferedKeys,
      maxBufferedValues: METRICS_BUFFER_DEFAULTS.maxBufferedValues,
      maxBufferedBytes: METRICS_BUFFER_DEFAULTS.maxBufferedBytes,
      maxRetryDatums: METRICS_BUFFER_DEFAULTS.maxRetryDatums,
      maxRetryBytes: METRICS_BUFFER_DEFAULTS.maxRetryBytes,
      closeTimeoutMs: METRICS_BUFFER_DEFAULTS.closeTimeoutMs,
      packing: { maxDatumsPerRequest: MAX_DATUMS_PER_REQUEST, maxRequestBytes: MAX_REQUEST_BYTES },
      ownedClient: undefined,
    });
  });
});

describe('resolveMetricsBufferOptions: checks', () => {
  it('throws CwaggConfigError with a message naming the option', () => {
    const bad: [Partial<MetricsBufferOptions>, RegExp][] = [
      [{ namespace: 'AWS/EC2' }, /reserved/],
      [{ endpoint: 'http://127.0.0.1:1' }, /either `client` or `endpoint`/],
      [{ clientConfig: {} }, /either `client` or `endpoint`/],
      [{ requestTimeoutMs: 1_000 }, /either `client` or .*requestTimeoutMs/],
      [
        { client: undefined, region: 'us-east-1', requestTimeoutMs: 0 },
        /requestTimeoutMs must be an integer >= 1/,
      ],
      [{ flushTimeoutMs: 0 }, /flushTimeoutMs must be an integer >= 1/],
      [{ client: {} as never }, /CloudWatchClient/],
      [{ client: null as never }, /CloudWatchClient/],
      [{ client: undefined, endpoint: 42 as never }, /endpoint must be a URL string/],
      [{ flushIntervalMs: -1 }, /flushIntervalMs must be an integer >= 0/],
      [{ highResolutionFlushIntervalMs: 0 }, /highResolutionFlushIntervalMs must be an integer >= 1/],
      [{ flushJitterMs: Number.NaN }, /flushJitterMs/],
      [{ flushJitterMs: -5 }, /flushJitterMs/],
      [{ maxBufferedKeys: 0 }, /maxBufferedKeys/],
      [{ maxRetryDatums: 1.5 }, /maxRetryDatums/],
      [{ maxRelativeError: 2 }, /maxRelativeError/],
      [{ defaultDimensions: { '': 'x' } }, /defaultDimensions/],
      [{ maxDatumsPerRequest: MAX_DATUMS_PER_REQUEST + 1 }, /maxDatumsPerRequest/],
      [{ random: 3 as never }, /random must be a function/],
      [{ clock: 'now' as never }, /clock must be a function/],
    ];
    for (const [options, message] of bad) {
      const attempt = () => resolve(options);
      expect(attempt).toThrow(CwaggConfigError);
      expect(attempt).toThrow(message);
    }
    expect(() => resolveMetricsBufferOptions(undefined as never)).toThrow(/namespace/);
    expect(() => resolveMetricsBufferOptions(null as never)).toThrow(CwaggConfigError);
  });

  it('names the first problem when there are several: the namespace before the buffer’s own options', () => {
    expect(() => resolve({ namespace: '', flushIntervalMs: -1 })).toThrow(/namespace/);
    expect(() => resolve({ flushIntervalMs: -1, maxBufferedKeys: 0 })).toThrow(/flushIntervalMs/);
  });

  it('leaves a bad concurrency to the Publisher, which throws a RangeError', () => {
    expect(() => resolve({ concurrency: 0 })).toThrow(RangeError);
  });

  it('accepts every whole number from its minimum up, and nothing else, for each count and duration', () => {
    // 0 means "off" where that makes sense: no timers, no retry buffer, no re-sends on close.
    const minimums = {
      flushIntervalMs: 0,
      highResolutionFlushIntervalMs: 1,
      maxBufferedKeys: 1,
      maxBufferedValues: 1,
      maxBufferedBytes: 1,
      maxRetryDatums: 0,
      maxRetryBytes: 0,
      closeTimeoutMs: 0,
      flushTimeoutMs: 1,
    } as const;
    const name = fc.constantFrom(...(Object.keys(minimums) as (keyof typeof minimums)[]));
    fc.assert(
      fc.property(name, fc.integer({ min: 0, max: 1e9 }), (option, above) => {
        const value = minimums[option] + above;
        expect(resolve({ [option]: value })[option]).toBe(value);
      }),
    );
    fc.assert(
      fc.property(
        name,
        fc.oneof(
          fc.double({ noInteger: true }),
          fc.integer({ min: -1e9, max: -1 }),
          fc.constantFrom(Number.MAX_SAFE_INTEGER + 1, Number.POSITIVE_INFINITY),
        ),
        (option, value) => {
          const below = value < minimums[option];
          if (Number.isSafeInteger(value) && !below) return;
          expect(() => resolve({ [option]: value })).toThrow(new RegExp(`^${option} must be an integer`));
        },
      ),
    );
  });

  it('starts no timer and sends nothing', () => {
    vi.useFakeTimers();
    try {
      const client = fakeClient();
      resolveMetricsBufferOptions({ namespace: 'Test', client });
      expect(vi.getTimerCount()).toBe(0);
      expect(client.sent).toEqual([]);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('resolveMetricsBufferOptions: flush offsets', () => {
  it('draws each offset inside its period and inside the jitter (a quarter of the period by default)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 3_600_000 }),
        fc.integer({ min: 1, max: 60_000 }),
        fc.option(fc.double({ min: 0, max: 7_200_000, noNaN: true }), { nil: undefined }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (flushIntervalMs, highResolutionFlushIntervalMs, flushJitterMs, draw) => {
          const settings = resolve({
            flushIntervalMs,
            highResolutionFlushIntervalMs,
            flushJitterMs,
            random: () => draw,
          });
          const offsets: [number, number][] = [
            [settings.flushOffsetMs, flushIntervalMs],
            [settings.highResolutionFlushOffsetMs, highResolutionFlushIntervalMs],
          ];
          for (const [offset, period] of offsets) {
            expect(Number.isInteger(offset)).toBe(true);
            expect(offset).toBeGreaterThanOrEqual(0);
            expect(offset).toBeLessThan(period);
            expect(offset).toBeLessThanOrEqual(flushJitterMs ?? period / 4);
          }
        },
      ),
    );
  });

  it('draws once per period, the standard one first, and not at all without timers', () => {
    const draws = [0.1, 0.9];
    const random = vi.fn(() => draws.shift() as number);
    const settings = resolve({ random });
    expect(random).toHaveBeenCalledTimes(2);
    // 10% and 90% of the default jitter: a quarter of 60 s and of 1 s.
    expect(settings.flushOffsetMs).toBe(1_500);
    expect(settings.highResolutionFlushOffsetMs).toBe(225);

    const untimed = vi.fn(() => 0.5);
    expect(resolve({ flushIntervalMs: 0, random: untimed })).toMatchObject({
      flushOffsetMs: 0,
      highResolutionFlushOffsetMs: 0,
    });
    expect(untimed).not.toHaveBeenCalled();
  });

  it('flushOffset: no jitter flushes on the boundary; a jitter beyond the period spreads over the period', () => {
    expect(flushOffset(60_000, 0, 0.99)).toBe(0);
    expect(flushOffset(1_000, 1e9, 0.5)).toBe(500);
    expect(flushOffset(1_000, 1e9, 0.999_999_9)).toBe(999);
  });
});

describe('resolveMetricsBufferOptions: the client', () => {
  it('publishes through the caller’s client, and owns none', async () => {
    const client = fakeClient();
    const settings = resolveMetricsBufferOptions({ namespace: 'Test', client });
    expect(settings.ownedClient).toBeUndefined();
    const request = { Namespace: 'Test', MetricData: [] };
    await settings.publisher.publish([request]);
    expect(client.sent).toEqual([request]);
  });

  it('creates a client from endpoint and region, with 5 attempts unless clientConfig says otherwise', async () => {
    const created = resolve({ client: undefined, endpoint: 'http://127.0.0.1:4582', region: 'eu-west-1' });
    const client = created.ownedClient as CloudWatchClient;
    expect(client).toBeInstanceOf(CloudWatchClient);
    expect(await client.config.maxAttempts()).toBe(METRICS_BUFFER_DEFAULTS.maxAttempts);
    expect(await client.config.region()).toBe('eu-west-1');
    const endpoint = await client.config.endpoint?.();
    expect(`${endpoint?.protocol}//${endpoint?.hostname}:${endpoint?.port}`).toBe('http://127.0.0.1:4582');

    const configured = resolve({
      client: undefined,
      region: 'us-east-1',
      clientConfig: { maxAttempts: 2, region: 'ap-south-1' },
    });
    const own = configured.ownedClient as CloudWatchClient;
    expect(await own.config.maxAttempts()).toBe(2);
    // `region` is the buffer's own option: it wins over the same setting in clientConfig.
    expect(await own.config.region()).toBe('us-east-1');
  });

  it('gives both lanes’ aggregators the buffer’s clock, which is Date.now by default', () => {
    const clock = () => 42;
    const settings = resolve({ clock, defaultDimensions: { Service: 'shop' } });
    expect(settings.clock).toBe(clock);
    expect(settings.aggregator).toMatchObject({
      namespace: 'Test',
      clock,
      defaultDimensions: { Service: 'shop' },
    });
    const before = Date.now();
    const now = resolve().clock();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });
});
