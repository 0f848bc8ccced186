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
}

export interface LocalStack {
  readonly kinesis: KinesisLocal;
  readonly cloudwatch: CloudWatchLocal;
  /** Stops both; safe to call twice. */
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const [kinesis, cloudwatch] = await Promise.allSettled([
    startKinesisLocal(),
    startCloudWatchLocal({
      port: 0,
      ...(options.faultRate !== undefined ? { faultRate: options.faultRate } : {}),
      ...(options.faultSeed !== undefined ? { faultSeed: options.faultSeed } : {}),
      ...(options.faultKinds !== undefined ? { faultKinds: options.faultKinds } : {}),
      ...(options.slowResponseMs !== undefined ? { slowResponseMs: options.slowResponseMs } : {}),
    }),
  ]);
  if (kinesis.status === 'rejected' || cloudwatch.status === 'rejected') {
    // Whatever did start is stopped before the error is reported.
    await Promise.allSettled([
      kinesis.status === 'fulfilled' ? kinesis.value.stop() : undefined,
      cloudwatch.status === 'fulfilled' ? cloudwatch.value.stop() : undefined,
    ]);
    const reason =
      kinesis.status === 'rejected' ? kinesis.reason : (cloudwatch as PromiseRejectedResult).reason;
    const which =
      kinesis.status === 'rejected' ? 'the Kinesis emulator (kinesis-local)' : 'the local CloudWatch';
    throw new Error(`could not start ${which}: ${(reason as Error)?.message ?? reason}`, { cause: reason });
  }
  let stopping: Promise<void> | undefined;
  return {
    kinesis: kinesis.value,
    cloudwatch: cloudwatch.value,
    stop() {
      stopping ??= Promise.allSettled([kinesis.value.stop(), cloudwatch.value.stop()]).then(() => {});
      return stopping;
    },
  };
}
