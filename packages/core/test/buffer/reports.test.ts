/** What a buffer reports: to its listeners when there are some, as process warnings when not, never a throw. */
import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  BufferReporter,
  type DropReport,
  type FlushReport,
  type MetricsBufferEvents,
  type PublishErrorContext,
  WARNING_CODE,
} from '../../src/buffer/reports.js';
import type { RejectedValue } from '../../src/types.js';

const flushReport: FlushReport = {
  reason: 'manual',
  requests: 1,
  sentRequests: 1,
  failedRequests: 0,
  attempts: 1,
  sentSamples: 3,
  droppedSamples: 0,
  rejectedValues: 0,
  retryDatums: 0,
  retrySamples: 0,
  durationMs: 2,
};
const drop: DropReport = { reason: 'retry-buffer-full', datums: 2, samples: 7 };
const rejected: RejectedValue[] = [
  { metric: 'Latency', value: Number.NaN, count: 1, reason: 'value is NaN' },
  { metric: 'Size', value: 1, count: 0, reason: 'count must be positive' },
];
const context: PublishErrorContext = {
  errorCode: 'Throttling',
  attempts: 5,
  datums: 1,
  samples: 4,
  willRetry: true,
};

let warnings: { message: string; code: string | undefined }[] = [];
const onWarning = (warning: Error & { code?: string }) =>
  warnings.push({ message: warning.message, code: warning.code });
beforeEach(() => {
  warnings = [];
  process.on('warning', onWarning);
});
afterEach(() => {
  process.off('warning', onWarning);
});

/** Process warnings are emitted on the next tick. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('BufferReporter', () => {
  it('emits every event with its arguments to the listeners, and warns of nothing', async () => {
    const emitter = new EventEmitter<MetricsBufferEvents>();
    const seen: unknown[][] = [];
    emitter.on('flush', (...args) => seen.push(['flush', ...args]));
    emitter.on('drop', (...args) => seen.push(['drop', ...args]));
    emitter.on('rejected', (...args) => seen.push(['rejected', ...args]));
    emitter.on('error', (...args) => seen.push(['error', ...args]));
    const reporter = new BufferReporter(emitter);
    const error = new Error('throttled');
    reporter.flush(flushReport);
    reporter.drop(drop);
    reporter.rejected(rejected);
    reporter.error(error, context);
    reporter.rejected([]); // nothing to say: no event
    expect(seen).toEqual([
      ['flush', flushReport],
      ['drop', drop],
      ['rejected', rejected],
      ['error', error, context],
    ]);
    await tick();
    expect(warnings).toEqual([]);
  });

  it('turns drops, rejections and errors nobody listens to into warnings with the buffer’s code', async () => {
    const reporter = new BufferReporter(new EventEmitter<MetricsBufferEvents>());
    reporter.flush(flushReport); // a flush report is information, not a problem: no warning
    reporter.drop(drop);
    reporter.rejected(rejected);
    reporter.error(new Error('throttled'), context);
    reporter.error(new Error('bad'), { ...context, errorCode: 'InvalidParameterValue', willRetry: false });
    await tick();
    expect(warnings.map((warning) => warning.code)).toEqual(Array(4).fill(WARNING_CODE));
    expect(warnings.map((warning) => warning.message)).toEqual([
      expect.stringMatching(/dropped 7 samples in 2 datums \(retry-buffer-full\)/),
      expect.stringMatching(/rejected 2 values, e\.g\. Latency: value is NaN/),
      expect.stringMatching(/PutMetricData failed \(Throttling\); 4 samples kept for the next flush/),
      expect.stringMatching(/PutMetricData failed \(InvalidParameterValue\); 4 samples dropped/),
    ]);
  });

  it('reports a listener that throws as a warning instead of throwing into the flush', async () => {
    const emitter = new EventEmitter<MetricsBufferEvents>();
    const after: string[] = [];
    emitter.on('drop', () => {
      throw new Error('listener bug');
    });
    emitter.on('error', () => after.push('error listener ran'));
    const reporter = new BufferReporter(emitter);
    expect(() => reporter.drop(drop)).not.toThrow();
    reporter.error(new Error('x'), context);
    expect(after).toEqual(['error listener ran']);
    await tick();
    expect(warnings.map((warning) => warning.message)).toEqual([
      "cwagg MetricsBuffer: a 'drop' listener threw: Error: listener bug",
    ]);
  });

  it('reports a request that failed for good once: its error and its drop, or one warning saying what is wrong', async () => {
    const error = new Error('Could not load credentials from any providers');
    const failed = { ...context, errorCode: 'CredentialsProviderError', willRetry: false };
    const dropped: DropReport = {
      reason: 'not-retryable',
      datums: 1,
      samples: 4,
      errorCode: failed.errorCode,
    };

    const emitter = new EventEmitter<MetricsBufferEvents>();
    const seen: unknown[][] = [];
    emitter.on('error', (...args) => seen.push(['error', ...args]));
    new BufferReporter(emitter).failedForGood(error, failed, dropped);
    // Whoever listens to one of the two learns everything: willRetry false, or the drop's errorCode.
    emitter.on('drop', (...args) => seen.push(['drop', ...args]));
    new BufferReporter(emitter).failedForGood(error, failed, dropped);
    expect(seen).toEqual([
      ['error', error, failed],
      ['error', error, failed],
      ['drop', dropped],
    ]);
    await tick();
    expect(warnings).toEqual([]);

    new BufferReporter(new EventEmitter<MetricsBufferEvents>()).failedForGood(error, failed, dropped);
    await tick();
    expect(warnings.map((warning) => warning.message)).toEqual([
      'cwagg MetricsBuffer: PutMetricData cannot succeed (CredentialsProviderError: Could not load credentials ' +
        'from any providers); 4 samples dropped, not retried',
    ]);
  });
});
