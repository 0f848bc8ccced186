import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ConsumerProgress } from '../src/index.js';
import { describeProgress, progressPrinter } from '../src/progress.js';

const consumer = (records: number, calls: number): ConsumerProgress => ({
  records,
  invocations: 1,
  retries: 0,
  calls,
});

function recorder(isTTY: boolean) {
  const written: string[] = [];
  return { output: { isTTY, write: (text: string) => written.push(text) }, written };
}

describe('progress lines', () => {
  it('describe producing and consuming; the other phases have only their title', () => {
    expect(describeProgress({ phase: 'producing', sent: 500, total: 2_000, ratePerSecond: 1_234.6 })).toBe(
      'sent 500/2,000 (25%), 1,235 records/s',
    );
    expect(
      describeProgress({
        phase: 'consuming',
        total: 2_000,
        single: consumer(1_999, 1_999),
        aggregated: consumer(2_000, 14),
      }),
    ).toBe('single 1,999/2,000 (99%) 1,999 calls | aggregated 2,000/2,000 (100%) 14 calls');
    expect(
      describeProgress({
        phase: 'consuming',
        total: 2_000,
        single: consumer(1_999, 1_999),
        aggregated: consumer(2_000, 14),
        windowed: consumer(1_500, 2),
      }),
    ).toBe(
      'single 1,999/2,000 (99%) 1,999 calls | aggregated 2,000/2,000 (100%) 14 calls | windowed 1,500/2,000 (75%) 2 calls',
    );
    expect(describeProgress({ phase: 'starting' })).toBeUndefined();
    expect(describeProgress({ phase: 'reading' })).toBeUndefined();
  });
});

describe('the progress printer', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('on a terminal, rewrites the status line in place and closes each phase with its time', () => {
    const { output, written } = recorder(true);
    const printer = progressPrinter(output);
    printer.onProgress({ phase: 'starting' });
    vi.advanceTimersByTime(1_500);
    printer.onProgress({ phase: 'producing', sent: 10, total: 20, ratePerSecond: 10 });
    printer.onProgress({ phase: 'producing', sent: 20, total: 20, ratePerSecond: 10 });
    vi.advanceTimersByTime(2_000);
    printer.finish();
    expect(written).toEqual([
      'starting kinesis-local, the local CloudWatch and both functions ...\n',
      '  done in 1.5 s\n',
      'producing records into the stream ...\n',
      '\r\x1b[2K  sent 10/20 (50%), 10 records/s',
      '\r\x1b[2K  sent 20/20 (100%), 10 records/s',
      '\r\x1b[2K',
      '  sent 20/20 (100%), 10 records/s\n',
      '  done in 2.0 s\n',
    ]);
  });

  it('in a log, prints a status line only every few seconds, and the last one at the end of the phase', () => {
    const { output, written } = recorder(false);
    const printer = progressPrinter(output);
    printer.onProgress({ phase: 'producing', sent: 1, total: 9, ratePerSecond: 1 });
    vi.advanceTimersByTime(1_000);
    printer.onProgress({ phase: 'producing', sent: 2, total: 9, ratePerSecond: 1 });
    vi.advanceTimersByTime(4_000);
    printer.onProgress({ phase: 'producing', sent: 3, total: 9, ratePerSecond: 1 });
    printer.onProgress({ phase: 'producing', sent: 4, total: 9, ratePerSecond: 1 });
    printer.onProgress({ phase: 'reading' });
    expect(written).toEqual([
      'producing records into the stream ...\n',
      '  sent 3/9 (33%), 1 records/s\n',
      '  sent 4/9 (44%), 1 records/s\n',
      '  done in 5.0 s\n',
      'reading the statistics back from CloudWatch ...\n',
    ]);
    expect(written.join('')).not.toContain('\x1b');
  });

  it('closes a failed phase as failed, and nothing when no phase ran', () => {
    const { output, written } = recorder(false);
    const printer = progressPrinter(output);
    printer.finish('failed');
    expect(written).toEqual([]);
    printer.onProgress({ phase: 'starting' });
    vi.advanceTimersByTime(300);
    printer.finish('failed');
    expect(written.at(-1)).toBe('  failed after 0.3 s\n');
    printer.finish();
    expect(written).toHaveLength(2);
  });
});
