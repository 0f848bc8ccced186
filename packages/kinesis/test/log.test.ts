/** The handlers' log lines: one JSON object per line, filtered by level. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createLogger, type LogLevel } from '../src/index.js';

const LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error', 'silent'];
/** What each level lets through, from the least to the most severe. */
const SHOWN: Record<LogLevel, string[]> = {
  debug: ['INFO', 'WARN', 'ERROR'],
  info: ['INFO', 'WARN', 'ERROR'],
  warn: ['WARN', 'ERROR'],
  error: ['ERROR'],
  silent: [],
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('createLogger', () => {
  it.each(LEVELS)('at %s writes only lines of that severity or more', (level) => {
    const lines: string[] = [];
    const log = createLogger(level, (line) => lines.push(line));
    log.info('i');
    log.warn('w');
    log.error('e');
    expect(lines.map((line) => JSON.parse(line).level)).toEqual(SHOWN[level]);
  });

  it('writes one JSON object per line: the level, the message and the fields, as CloudWatch Logs Insights reads them', () => {
    const lines: string[] = [];
    createLogger('info', (line) => lines.push(line)).warn('invalid records set aside', {
      handler: 'aggregated',
      invalidRecords: 3,
      sample: [{ sequenceNumber: '1', reason: 'data is not valid base64' }],
    });
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(JSON.parse(lines[0] as string)).toEqual({
      level: 'WARN',
      message: 'invalid records set aside',
      handler: 'aggregated',
      invalidRecords: 3,
      sample: [{ sequenceNumber: '1', reason: 'data is not valid base64' }],
    });
  });

  it('writes to the console by default, where Lambda collects it', () => {
    const console = vi.spyOn(globalThis.console, 'log').mockImplementation(() => {});
    createLogger('info').info('batch processed', { records: 2 });
    expect(console).toHaveBeenCalledTimes(1);
    expect(JSON.parse(console.mock.calls[0]?.[0])).toEqual({
      level: 'INFO',
      message: 'batch processed',
      records: 2,
    });
  });
});
