/**
 * The shutdown hooks, in-process: the listeners they add and remove, what a signal does, and the exit code
 * (process.exit is replaced for the test; the real signal and exit are in the example service's test).
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { installShutdownHooks } from '../src/index.js';

/** A Closable that counts its closes. */
function closable() {
  const target = { closes: 0, close: async () => void target.closes++ };
  return target;
}

type Listener = (...args: never[]) => unknown;

/** The listeners installShutdownHooks added for an event, found by difference. */
function added(event: NodeJS.Signals | 'beforeExit', before: readonly Listener[]): (() => void)[] {
  const now = (
    event === 'beforeExit' ? process.listeners('beforeExit') : process.listeners(event)
  ) as Listener[];
  return now.filter((listener) => !before.includes(listener)) as (() => void)[];
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('installShutdownHooks', () => {
  it('hooks SIGTERM, SIGINT and beforeExit by default, and the returned function removes all three', () => {
    const before = {
      SIGTERM: process.listeners('SIGTERM'),
      SIGINT: process.listeners('SIGINT'),
      beforeExit: process.listeners('beforeExit'),
    };
    const uninstall = installShutdownHooks(closable());
    expect(added('SIGTERM', before.SIGTERM)).toHaveLength(1);
    expect(added('SIGINT', before.SIGINT)).toHaveLength(1);
    expect(added('beforeExit', before.beforeExit)).toHaveLength(1);
    uninstall();
    expect(added('SIGTERM', before.SIGTERM)).toHaveLength(0);
    expect(added('SIGINT', before.SIGINT)).toHaveLength(0);
    expect(added('beforeExit', before.beforeExit)).toHaveLength(0);
  });

  it('closes once on the first signal, removes every hook, then exits with 128 + the signal number', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
    const target = closable();
    installShutdownHooks(target, { beforeExit: false });
    const [onTerm] = added('SIGTERM', before.SIGTERM);
    // The test runner has SIGTERM listeners of its own, which would own the exit: hide them for this call.
    const others = process.listeners('SIGTERM').filter((listener) => listener !== onTerm);
    for (const listener of others) process.removeListener('SIGTERM', listener as () => void);
    try {
      onTerm?.();
      await vi.waitFor(() => expect(exit).toHaveBeenCalledWith(143)); // SIGTERM is 15
    } finally {
      for (const listener of others) process.on('SIGTERM', listener as () => void);
    }
    expect(target.closes).toBe(1);
    expect(added('SIGINT', before.SIGINT)).toHaveLength(0);
  });

  it('leaves the exit to another listener of the same signal, and with exit: false never exits', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const owner = () => {};
    process.on('SIGHUP', owner);
    try {
      const before = process.listeners('SIGHUP');
      const target = closable();
      installShutdownHooks(target, { signals: ['SIGHUP'], beforeExit: false });
      added('SIGHUP', before)[0]?.();
      await vi.waitFor(() => expect(target.closes).toBe(1));
      await new Promise((resolve) => setImmediate(resolve));
      expect(exit).not.toHaveBeenCalled();
    } finally {
      process.removeListener('SIGHUP', owner);
    }

    const before = process.listeners('SIGHUP');
    const quiet = closable();
    installShutdownHooks(quiet, { signals: ['SIGHUP'], beforeExit: false, exit: false });
    added('SIGHUP', before)[0]?.();
    await vi.waitFor(() => expect(quiet.closes).toBe(1));
    await new Promise((resolve) => setImmediate(resolve));
    expect(exit).not.toHaveBeenCalled();
  });

  it('on beforeExit closes without exiting, so a script that just ends still sends its last values', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((() => undefined) as never);
    const before = process.listeners('beforeExit');
    const beforeTerm = process.listeners('SIGTERM');
    const target = closable();
    installShutdownHooks(target);
    added('beforeExit', before)[0]?.();
    await vi.waitFor(() => expect(target.closes).toBe(1));
    expect(exit).not.toHaveBeenCalled();
    expect(added('SIGTERM', beforeTerm)).toHaveLength(0);
  });
});
