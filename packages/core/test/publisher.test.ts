import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { Aggregator, Publisher, type PutMetricDataRequest } from '../src/index.js';
import { type Answer, type CloudWatchStub, startCloudWatchStub } from './support/cloudwatch-stub.js';

const stubs: CloudWatchStub[] = [];
afterEach(async () => {
  await Promise.all(stubs.splice(0).map((stub) => stub.close()));
});

async function stubWith(...script: (Answer | Answer[])[]) {
  const stub = await startCloudWatchStub(script.flat());
  stubs.push(stub);
  return stub;
}

function clientFor(endpoint: string, maxAttempts = 3) {
  return new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts,
  });
}

/** Requests with one datum each, drained from a real aggregator. */
function requests(count: number, valuesPerRequest = 3): PutMetricDataRequest[] {
  const agg = new Aggregator({ namespace: 'Test', maxDatumsPerRequest: 1 });
  for (let r = 0; r < count; r++) {
    for (let v = 0; v < valuesPerRequest; v++) agg.add({ name: `M${String(r).padStart(3, '0')}` }, v + 0.25);
  }
  return agg.drain().requests;
}

describe('Publisher over real HTTP', () => {
  it('sends every request and the body is byte for byte what the aggregator measured', async () => {
    const stub = await stubWith();
    const agg = new Aggregator({ namespace: 'Test' });
    for (let i = 0; i < 500; i++)
      agg.add({ name: 'Latency', unit: 'Milliseconds', dimensions: { A: 'b' } }, i % 37, 2);
    const drained = agg.drain();
    const outcome = await new Publisher({ client: clientFor(stub.endpoint) }).publish(drained.requests);
    expect(outcome).toMatchObject({ ok: true, sent: 1, failed: 0, notAttempted: 0 });
    expect(outcome.outcomes[0]).toMatchObject({ status: 'sent', attempts: 1 });
    expect(stub.received).toHaveLength(1);
    const received = stub.received[0];
    expect(received?.target).toBe('GraniteServiceVersion20100801.PutMetricData');
    expect(Buffer.byteLength(received?.body ?? '')).toBe(drained.stats.requestBytes[0]);
    expect(received?.json.MetricData[0]?.Values).toEqual(drained.requests[0]?.MetricData[0]?.Values);
    expect(received?.json.MetricData[0]?.Timestamp).toBe(
      (drained.requests[0]?.MetricData[0]?.Timestamp.getTime() ?? 0) / 1000,
    );
  });

  it('receives large bodies gzip-compressed and intact', async () => {
    const stub = await stubWith();
    const agg = new Aggregator({ namespace: 'Test' });
    for (let i = 0; i < 20_000; i++) agg.add({ name: 'Latency' }, i / 3);
    const drained = agg.drain();
    expect(drained.stats.bodyBytes).toBeGreaterThan(10_240);
    const outcome = await new Publisher({ client: clientFor(stub.endpoint) }).publish(drained.requests);
    expect(outcome.ok).toBe(true);
    expect(stub.received.length).toBe(drained.requests.length);
    for (const [i, received] of stub.received.entries()) {
      expect(received.contentEncoding).toBe('gzip');
      expect(received.wireBytes).toBeLessThan(Buffer.byteLength(received.body));
      expect(Buffer.byteLength(received.body)).toBe(drained.stats.requestBytes[i]);
    }
    const values = stub.received.flatMap((r) => r.json.MetricData.flatMap((d) => d.Values));
    expect(values).toHaveLength(20_000);
    expect(new Set(values).size).toBe(20_000);
  });

  it('retries throttling and 500s through the SDK and reports the attempts', async () => {
    const stub = await stubWith('throttle', 'error');
    const outcome = await new Publisher({ client: clientFor(stub.endpoint, 3) }).publish(requests(1));
    expect(outcome.ok).toBe(true);
    expect(outcome.outcomes[0]).toMatchObject({ status: 'sent', attempts: 3 });
    expect(stub.received).toHaveLength(3);
  });

  it('reports a request that stays throttled as failed, without throwing', async () => {
    const stub = await stubWith('throttle', 'throttle');
    const outcome = await new Publisher({ client: clientFor(stub.endpoint, 2) }).publish(requests(1));
    expect(outcome).toMatchObject({ ok: false, sent: 0, failed: 1, notAttempted: 0 });
    expect(stub.received).toHaveLength(2);
    const failed = outcome.outcomes.find((o) => o.status === 'failed');
    expect(failed).toMatchObject({ errorCode: 'Throttling', attempts: 2 });
  });

  it('does not retry InvalidParameterValue and names the error', async () => {
    const stub = await stubWith('invalid');
    const outcome = await new Publisher({ client: clientFor(stub.endpoint) }).publish(requests(1));
    expect(outcome.outcomes[0]).toMatchObject({ status: 'failed', attempts: 1 });
    const failed = outcome.outcomes[0];
    if (failed?.status !== 'failed') throw new Error('expected a failure');
    expect(failed.errorCode).toMatch(/InvalidParameterValue/);
    expect(failed.error.message).toMatch(/MetricData\.member\.1\.Value/);
    expect(stub.received).toHaveLength(1);
  });

  it('in order: stops at the first failure and says which requests were not attempted', async () => {
    const stub = await stubWith('ok', 'invalid');
    const batch = requests(4);
    const outcome = await new Publisher({ client: clientFor(stub.endpoint) }).publish(batch, {
      mode: 'in-order',
    });
    expect(outcome.outcomes.map((o) => o.status)).toEqual([
      'sent',
      'failed',
      'not-attempted',
      'not-attempted',
    ]);
    expect(outcome).toMatchObject({ ok: false, sent: 1, failed: 1, notAttempted: 2 });
    expect(stub.received.map((r) => r.json.MetricData[0]?.MetricName)).toEqual(['M000', 'M001']);
    expect(outcome.outcomes[2]?.request).toBe(batch[2]);
  });

  it('in parallel: attempts everything, never more than `concurrency` at once', async () => {
    const stub = await stubWith(Array.from({ length: 12 }, () => ({ delayMs: 40 })));
    stub.script.splice(5, 1, 'invalid');
    const outcome = await new Publisher({ client: clientFor(stub.endpoint), concurrency: 3 }).publish(
      requests(12),
    );
    expect(outcome).toMatchObject({ sent: 11, failed: 1, notAttempted: 0 });
    expect(stub.maxInFlight).toBeLessThanOrEqual(3);
    expect(stub.maxInFlight).toBeGreaterThan(1);
    expect(new Set(stub.received.map((r) => r.json.MetricData[0]?.MetricName)).size).toBe(12);
  });

  it('reports an unreachable endpoint as failed outcomes named by the connection error, never a throw', async () => {
    const stub = await stubWith();
    const endpoint = stub.endpoint;
    await stubs.pop()?.close();
    const outcome = await new Publisher({ client: clientFor(endpoint, 1) }).publish(requests(2));
    expect(outcome).toMatchObject({ ok: false, sent: 0, failed: 2 });
    // The SDK rethrows Node's error, whose name is a bare `Error`: the code says what happened.
    expect(outcome.outcomes.map((o) => (o.status === 'failed' ? o.errorCode : o.status))).toEqual([
      'ECONNREFUSED',
      'ECONNREFUSED',
    ]);
  });

  it('rejects a missing client and a bad concurrency at construction', () => {
    expect(() => new Publisher({} as never)).toThrow(/CloudWatchClient/);
    expect(() => new Publisher({ client: clientFor('http://127.0.0.1:1'), concurrency: 0 })).toThrow(
      /concurrency/,
    );
  });

  it('publishes nothing for no requests', async () => {
    const outcome = await new Publisher({ client: clientFor('http://127.0.0.1:1') }).publish([]);
    expect(outcome).toEqual({ outcomes: [], sent: 0, failed: 0, notAttempted: 0, ok: true });
  });

  it('a deadline abandons the requests in flight and starts no more: nothing hangs on a stalled endpoint', async () => {
    // The endpoint takes a minute to answer; the deadline is a quarter of a second.
    const stub = await stubWith({ delayMs: 60_000 }, { delayMs: 60_000 });
    const publisher = new Publisher({ client: clientFor(stub.endpoint, 1), concurrency: 1 });
    const started = Date.now();
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    const outcome = await publisher.publish(requests(3), { signal: AbortSignal.timeout(250) });
    process.off('warning', onWarning);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(outcome.outcomes.map((o) => o.status)).toEqual(['failed', 'not-attempted', 'not-attempted']);
    expect(outcome.outcomes[0]).toMatchObject({ errorCode: 'AbortError' });
    expect(outcome).toMatchObject({ sent: 0, failed: 1, notAttempted: 2, ok: false });
    expect(warnings).not.toContain('MaxListenersExceededWarning');
  });

  it('a deadline ends the publish even where the client does not watch the signal (credentials that never come)', async () => {
    // The SDK honours its abort signal in the HTTP handler only: a credential provider that hangs (an
    // unreachable instance metadata service, say) would hold the publish for ever.
    const client = new CloudWatchClient({
      endpoint: 'http://127.0.0.1:1',
      region: 'us-east-1',
      credentials: () => new Promise(() => {}),
      maxAttempts: 1,
    });
    const outcome = await new Publisher({ client }).publish(requests(2), {
      signal: AbortSignal.timeout(200),
    });
    expect(outcome).toMatchObject({ sent: 0, failed: 2, notAttempted: 0, ok: false });
    for (const failed of outcome.outcomes) expect(failed).toMatchObject({ errorCode: 'AbortError' });
  });
});
