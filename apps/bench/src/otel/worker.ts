/**
 * A measuring child process of the OpenTelemetry comparison: receives one task over IPC, runs it, sends the
 * result back, exits. Started by phase.ts through runInChild; never run by hand.
 */
import { measureOtel, type OtelTask } from './measure.js';

process.once('message', (task: OtelTask) => {
  measureOtel(task).then(
    (result) => process.send?.({ ok: true, result }, () => process.exit(0)),
    (error: unknown) => {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      process.send?.({ ok: false, error: message }, () => process.exit(1));
    },
  );
});
