/**
 * A measuring child process: receives one task over IPC, runs it, sends the result back, exits. Started by
 * src/child.ts; never run by hand.
 */
import { runTask, type Task } from './measure.js';

process.once('message', (task: Task) => {
  runTask(task).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send?.({ ok: false, error: message }, () => process.exit(1));
    },
  );
});
