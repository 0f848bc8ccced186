/**
 * What the contenders produce: PutMetricData requests (cwagg, the baseline, the single handler) and log lines
 * (the EMF libraries' metrics and warnings, the handlers' own logs). Counted, optionally kept, never printed.
 */
import { format } from 'node:util';
import type { PutMetricDataCommandInput } from '@aws-sdk/client-cloudwatch';

export type PutMetricDataInput = PutMetricDataCommandInput;

export interface OutputSink {
  request(input: PutMetricDataInput): void;
  /** One log line, without its newline. */
  log(line: string): void;
}

/** Counts requests and log bytes; keeps them too when asked (the cost phase and the tests read them). */
export class OutputTally implements OutputSink {
  requests = 0;
  logLines = 0;
  /** Bytes written to the log, newlines included: what CloudWatch Logs ingests (before Lambda's prefix). */
  logBytes = 0;
  readonly keptRequests: PutMetricDataInput[] = [];
  readonly keptLines: string[] = [];

  constructor(private readonly keep = false) {}

  request(input: PutMetricDataInput): void {
    this.requests++;
    if (this.keep) this.keptRequests.push(input);
  }

  log(line: string): void {
    this.logLines++;
    this.logBytes += Buffer.byteLength(line) + 1;
    if (this.keep) this.keptLines.push(line);
  }
}

type Write = typeof process.stdout.write;
type ConsoleMethod = (...args: unknown[]) => void;

/**
 * Routes everything written to stdout and stderr (the streams' write, and the global console, which a test
 * runner may have replaced) to `sink` instead of the terminal. In Lambda both streams go to CloudWatch Logs:
 * the peers' EMF lines and warnings are what a function would pay to ingest. Returns the function that
 * restores both streams.
 */
export function captureOutput(sink: Pick<OutputSink, 'log'>): () => void {
  let pending = '';
  const take = (text: string) => {
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      sink.log(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
  };
  const capturedWrite = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    take(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString());
    const callback = rest.find((argument) => typeof argument === 'function') as (() => void) | undefined;
    callback?.();
    return true;
  }) as Write;
  const capturedConsole: ConsoleMethod = (...args) => take(`${format(...args)}\n`);

  const streams = [process.stdout, process.stderr];
  const writes = streams.map((stream) => stream.write);
  const methods = ['log', 'info', 'warn', 'error', 'debug'] as const;
  const consoleMethods = methods.map((name) => console[name]);
  for (const stream of streams) stream.write = capturedWrite;
  for (const name of methods) console[name] = capturedConsole;
  return () => {
    if (pending !== '') sink.log(pending);
    streams.forEach((stream, i) => {
      stream.write = writes[i] as Write;
    });
    methods.forEach((name, i) => {
      console[name] = consoleMethods[i] as ConsoleMethod;
    });
  };
}
