/**
 * The two emulators the pipeline runs against: kinesis-local (a child process on free ports) and
 * @cwagg/cloudwatch-local (an HTTP server in this process), started together and stopped together.
 */
import { type CloudWatchLocal, type FaultKind, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { type KinesisLocal, startKinesisLocal } from '@cwagg/local-lambda';

export interface LocalStackOptions {
  /** Share 0..1 of PutMetricData requests the local CloudWatch answers with a fault. */
  faultRate?: number;
  faultSeed?: number;
  faultKinds?: FaultKind[];
  slowResponseMs?: number;
  /** Also a second local CloudWatch, with the same faults, for a third function to publish to on its own. */
  second?: boolean;
}

export interface LocalStack {
  readonly kinesis: KinesisLocal;
  readonly cloudwatch: CloudWatchLocal;
  /** The second local CloudWatch, when asked for. */
  readonly second: CloudWatchLocal | undefined;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const cloudwatchOptions = {
    port: 0,
    ...(options.faultRate !== undefined ? { faultRate: options.faultRate } : {}),
    ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
    ...(options.faultKinds !== undefined ? { faultKinds: options.faultKinds } : {}),
    ...(options.slowResponseMs !== undefined ? { slowResponseMs: options.slowResponseMs } : {}),
  };
  const [kinesis, cloudwatch, second] = await Promise.allSettled([
    startKinesisLocal(),
    startCloudWatchLocal(cloudwatchOptions),
    options.second ? startCloudWatchLocal(cloudwatchOptions) : Promise.resolve(undefined),
  ]);
  if (kinesis.status === 'rejected' || cloudwatch.status === 'rejected' || second.status === 'rejected') {
    // Whatever did start is stopped before the error is reported.
    await Promise.allSettled([
      kinesis.status === 'fulfilled' ? kinesis.value.stop() : undefined,
      cloudwatch.status === 'fulfilled' ? cloudwatch.value.stop() : undefined,
      second.status === 'fulfilled' ? second.value?.stop() : undefined,
    ]);
    const reason =
      kinesis.status === 'rejected'
        ? kinesis.reason
        : cloudwatch.status === 'rejected'
          ? cloudwatch.reason
          : (second as PromiseRejectedResult).reason;
    const which =
      kinesis.status === 'rejected' ? 'the Kinesis emulator (kinesis-local)' : 'the local CloudWatch';
    throw new Error(`could not start ${which}: ${(reason as Error)?.message ?? reason}`, { cause: reason });
  }
  let stopping: Promise<void> | undefined;
  return {
    kinesis: kinesis.value,
    cloudwatch: cloudwatch.value,
    second: second.value,
    stop() {
      stopping ??= Promise.allSettled([
        kinesis.value.stop(),
        cloudwatch.value.stop(),
        second.value?.stop(),
      ]).then(() => {});
      return stopping;
    },
  };
}
