/** Where a CLI writes: the process's streams when run, memory when a test calls its main in-process. */
import { Writable } from 'node:stream';

/** A writable stream that may be a terminal (progress lines are redrawn in place only on a terminal). */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean };

export interface CliIo {
  /** Results: the table, the report, the JSON. Nothing else, so `--json` output can be piped to jq. */
  stdout: OutputStream;
  /** Progress, notes and errors. */
  stderr: OutputStream;
}

export function processIo(): CliIo {
  return { stdout: process.stdout, stderr: process.stderr };
}

/** A stream that keeps what is written to it, as text. */
export class MemoryStream extends Writable {
  text = '';
  isTTY = false;

  override _write(
    chunk: Buffer | string,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.text += chunk.toString();
    done();
  }
}

/** Streams for a test that runs a CLI's main in-process and reads what it wrote. */
export function memoryIo(): { stdout: MemoryStream; stderr: MemoryStream } {
  return { stdout: new MemoryStream(), stderr: new MemoryStream() };
}
