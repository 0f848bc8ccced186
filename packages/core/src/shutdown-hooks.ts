/**
 * Closing a buffer when the process is told to stop (SIGTERM from ECS, Kubernetes or systemd; SIGINT from
 * a terminal) or runs out of work ('beforeExit': the flush timers are unref()ed and never hold it open).
 */
import { constants } from 'node:os';

export interface ShutdownHookOptions {
  /** Signals that close the buffer; default SIGTERM and SIGINT. */
  signals?: readonly NodeJS.Signals[];
  /**
   * After close(), exit with 128 + the signal number, as the default signal handler would, unless another
   * listener for that signal is installed (then that listener owns the exit). Default true.
   */
  exit?: boolean;
  /** Close on 'beforeExit' too, so a script that ends on its own sends its last values. Default true. */
  beforeExit?: boolean;
}

export interface Closable {
  close(): Promise<unknown>;
}

/** Installs the hooks; returns a function that removes them. */
export function installShutdownHooks(target: Closable, options: ShutdownHookOptions = {}): () => void {
  const signals = options.signals ?? ['SIGTERM', 'SIGINT'];
  const exit = options.exit ?? true;
  const listeners = new Map<NodeJS.Signals, () => void>();
  for (const signal of signals) {
    const listener = () => {
      uninstall();
      void target.close().finally(() => {
        if (exit && process.listenerCount(signal) === 0) {
          process.exit(128 + (constants.signals[signal] ?? 0));
        }
      });
    };
    listeners.set(signal, listener);
    process.once(signal, listener);
  }
  const onBeforeExit = () => {
    uninstall();
    void target.close();
  };
  if (options.beforeExit ?? true) process.once('beforeExit', onBeforeExit);

  function uninstall(): void {
    for (const [signal, listener] of listeners) process.removeListener(signal, listener);
    listeners.clear();
    process.removeListener('beforeExit', onBeforeExit);
  }
  return uninstall;
}
