/** Runs a measurement task in a fresh Node process, with the environment a Lambda function would have. */
import { fork } from 'node:child_process';
import type { Task, TaskResult } from './measure.js';
import { distPath } from './paths.js';

const WORKER = distPath('worker.js');

/**
 * What Lambda sets and the peers read: aws-embedded-metrics adds these to every EMF line, so log bytes are
 * counted as in a real function. AWS_LAMBDA_LOG_FORMAT=JSON makes it write with its own Console, as
 * Powertools does.
 */
export const LAMBDA_ENVIRONMENT: Readonly<Record<string, string>> = {
  AWS_REGION: 'us-east-1',
  AWS_LAMBDA_FUNCTION_NAME: 'cwagg-bench',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '1024',
  AWS_LAMBDA_LOG_STREAM_NAME: '2025/01/01/[$LATEST]0123456789abcdef0123456789abcdef',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  AWS_LAMBDA_LOG_FORMAT: 'JSON',
  AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
};

export interface ChildOptions {
  /** Extra node flags, e.g. --cpu-prof. */
  execArgv?: string[];
  /** Another worker script (a phase with tasks of its own, such as otel/worker.js). */
  worker?: string;
}

/** gc() is exposed for the heap figures; nothing else departs from Node's defaults, as in a function. */
const FLAGS = ['--expose-gc'];

export function runInChild(task: Task, options: ChildOptions = {}): Promise<TaskResult> {
  return new Promise((resolve, reject) => {
    const child = fork(options.worker ?? WORKER, [], {
      execArgv: [...FLAGS, ...(options.execArgv ?? [])],
      env: { ...process.env, ...LAMBDA_ENVIRONMENT },
      // stdout is piped only to prove the capture: a measuring process must print nothing there.
      stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
      serialization: 'advanced',
    });
    let stray = 0;
    child.stdout?.on('data', (chunk: Buffer) => {
      stray += chunk.length;
    });
    let settled: { ok: true; result: TaskResult } | { ok: false; error: string } | undefined;
    child.once('message', (message: typeof settled) => {
      settled = message;
    });
    child.once('error', reject);
    child.once('close', (code, signal) => {
      if (settled?.ok && stray === 0) resolve(settled.result);
      else if (settled?.ok)
        reject(new Error(`a measuring process wrote ${stray} bytes to stdout past the capture`));
      else if (settled) reject(new Error(`${task.mode} task failed in its child process:\n${settled.error}`));
      else
        reject(new Error(`${task.mode} child process ended (${signal ?? `exit ${code}`}) without a result`));
    });
    child.send(task);
  });
}
