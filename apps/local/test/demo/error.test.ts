import { describe, expect, it } from 'vitest';
import { DemoError, errorMessage, throwIfInterrupted } from '../../src/demo/error.js';

describe('how a run fails', () => {
  it('names the phase, keeps the cause, and is told apart by its name', () => {
    const cause = new Error('port in use');
    const error = new DemoError('starting', 'starting the pipeline failed: port in use', { cause });
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({ name: 'DemoError', phase: 'starting', cause, processes: undefined });
  });

  it('stops between steps once interrupted, in the phase it was in', () => {
    const controller = new AbortController();
    expect(() => throwIfInterrupted(controller.signal, 'producing')).not.toThrow();
    expect(() => throwIfInterrupted(undefined, 'producing')).not.toThrow();
    controller.abort();
    expect(() => throwIfInterrupted(controller.signal, 'consuming')).toThrow(
      expect.objectContaining({ name: 'DemoError', phase: 'consuming', message: 'stopped (interrupted)' }),
    );
  });

  it('reads a message from whatever was thrown', () => {
    expect(errorMessage(new TypeError('bad'))).toBe('bad');
    expect(errorMessage('plain text')).toBe('plain text');
    expect(errorMessage(42)).toBe('42');
  });
});
