/**
 * Sending requests to CloudWatch: the only part of the core that does I/O. Retries are the AWS SDK's own
 * (standard mode: throttling, 5xx and connection errors are retried with exponential back-off and jitter);
 * configure them on the client (`maxAttempts`). The publisher reports an outcome per request and never
 * throws because one request failed.
 */
import {
  type CloudWatchClient,
  PutMetricDataCommand,
  type PutMetricDataCommandInput,
} from '@aws-sdk/client-cloudwatch';

/**
 * What the publisher sends: the aggregator's requests, or any PutMetricData input (a caller sending single
 * `Value` datums, as a one-call-per-record baseline does).
 */
export type PublishableRequest = PutMetricDataCommandInput;

/** The CloudWatch agent publishes with up to 10 concurrent requests; so do we by default. */
export const DEFAULT_PUBLISH_CONCURRENCY = 10;
/**
 * SDK attempts per request for a client made for publishing (the CloudWatch agent makes 5): MetricsBuffer's
 * own client and the Kinesis handlers' default. Here, not with the buffer's options, so that a handler's cold
 * start does not load those.
 */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface PublisherOptions {
  /** A CloudWatchClient from `@aws-sdk/client-cloudwatch` (its retry settings apply). */
  client: Pick<CloudWatchClient, 'send'>;
  /** Requests in flight at once in parallel mode (default 10). */
  concurrency?: number;
}

export interface PublishOptions {
  /**
   * `parallel` (default): every request is attempted, up to `concurrency` at a time.
   * `in-order`: one at a time, stopping at the first failure; the rest are reported `not-attempted`.
   * A Kinesis consumer needs in-order to checkpoint without counting anything twice.
   */
  mode?: 'parallel' | 'in-order';
  /**
   * A deadline for the whole publish: aborting stops starting new requests (reported `not-attempted`) and
   * abandons those in flight (reported `failed` with `AbortError`; CloudWatch may still have stored them).
   * Keep the signal you pass referenced until the publish returns: an `AbortSignal.timeout` that only an
   * `AbortSignal.any` refers to can be garbage-collected, timer and all, before it fires (Node 20).
   *
   * @example
   * await publisher.publish(requests, { signal: AbortSignal.timeout(5_000) });
   */
  signal?: AbortSignal;
}

export type RequestOutcome =
  | { index: number; request: PublishableRequest; status: 'sent'; attempts: number }
  | {
      index: number;
      request: PublishableRequest;
      status: 'failed';
      attempts: number;
      /**
       * The SDK's error name, e.g. `Throttling`, `InvalidParameterValue`, `TimeoutError`, `AbortError`, or
       * the code of a network error (`ECONNREFUSED`, `ECONNRESET`, `ENOTFOUND`).
       */
      errorCode: string;
      error: Error;
    }
  | { index: number; request: PublishableRequest; status: 'not-attempted' };

export interface PublishOutcome {
  /** One outcome per request, in request order. */
  outcomes: RequestOutcome[];
  sent: number;
  failed: number;
  notAttempted: number;
  /** True when every request was sent. */
  ok: boolean;
}

export class Publisher {
  private readonly client: Pick<CloudWatchClient, 'send'>;
  private readonly concurrency: number;

  constructor(options: PublisherOptions) {
    if (!options?.client || typeof options.client.send !== 'function') {
      throw new TypeError('Publisher needs a CloudWatchClient from @aws-sdk/client-cloudwatch as `client`');
    }
    const concurrency = options.concurrency ?? DEFAULT_PUBLISH_CONCURRENCY;
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new RangeError(`concurrency must be a positive integer (got ${String(concurrency)})`);
    }
    this.client = options.client;
    this.concurrency = concurrency;
  }

  async publish(
    requests: readonly PublishableRequest[],
    options: PublishOptions = {},
  ): Promise<PublishOutcome> {
    const outcomes: RequestOutcome[] = requests.map((request, index) => ({
      index,
      request,
      status: 'not-attempted',
    }));
    const inOrder = options.mode === 'in-order';
    const workers = inOrder ? 1 : Math.min(this.concurrency, requests.length);
    let next = 0;
    let stopped = false;
    const work = async (): Promise<void> => {
      while (!stopped && next < requests.length && !options.signal?.aborted) {
        const index = next++;
        const outcome = await this.send(index, requests[index] as PublishableRequest, options.signal);
        outcomes[index] = outcome;
        if (inOrder && outcome.status === 'failed') stopped = true;
      }
    };
    await Promise.all(Array.from({ length: workers }, work));
    let sent = 0;
    let failed = 0;
    for (const outcome of outcomes) {
      if (outcome.status === 'sent') sent++;
      else if (outcome.status === 'failed') failed++;
    }
    const notAttempted = requests.length - sent - failed;
    return { outcomes, sent, failed, notAttempted, ok: sent === requests.length };
  }

  private async send(
    index: number,
    request: PublishableRequest,
    signal: AbortSignal | undefined,
  ): Promise<RequestOutcome> {
    try {
      const command = new PutMetricDataCommand(request);
      const response = await (signal === undefined
        ? this.client.send(command)
        : abandonedOnAbort(signal, (own) => this.client.send(command, { abortSignal: own })));
      return { index, request, status: 'sent', attempts: response.$metadata?.attempts ?? 1 };
    } catch (caught) {
      const error = caught instanceof Error ? caught : new Error(String(caught));
      const metadata = (caught as { $metadata?: { attempts?: number } } | undefined)?.$metadata;
      return {
        index,
        request,
        status: 'failed',
        attempts: metadata?.attempts ?? 1,
        errorCode: errorCodeOf(error),
        error,
      };
    }
  }
}

/**
 * The SDK's error name, or for a bare `Error` from Node's network stack its code: a refused connection
 * reads `ECONNREFUSED`, not `Error`.
 */
function errorCodeOf(error: Error): string {
  const code = (error as { code?: unknown }).code;
  return error.name === 'Error' && typeof code === 'string' && code !== '' ? code : error.name;
}

/**
 * Runs `start` with a signal of its own, and rejects with an AbortError as soon as `signal` aborts, whether or
 * not the client honours it: the SDK watches its signal only in the HTTP handler, so a credential provider that
 * hangs would otherwise outlive any deadline. (A signal per request, too: the SDK adds an abort listener to the
 * signal it is given, and hundreds of requests on one shared signal would pass Node's listener-leak warning.)
 */
function abandonedOnAbort<T>(signal: AbortSignal, start: (own: AbortSignal) => Promise<T>): Promise<T> {
  const own = AbortSignal.any([signal]);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () =>
      reject(
        Object.assign(new Error('abandoned: the publish deadline passed before CloudWatch answered'), {
          name: 'AbortError',
        }),
      );
    if (own.aborted) return onAbort();
    own.addEventListener('abort', onAbort, { once: true });
    const settled = () => own.removeEventListener('abort', onAbort);
    Promise.resolve()
      .then(() => start(own))
      .then(
        (value) => {
          settled();
          resolve(value);
        },
        (error: unknown) => {
          settled();
          reject(error);
        },
      );
  });
}
