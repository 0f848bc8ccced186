import { ListMetricsCommand, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { afterEach, describe, expect, it } from 'vitest';
import { FaultInjector, type FaultKind } from '../src/faults.js';
import { type CloudWatchLocal, type CloudWatchLocalOptions, startCloudWatchLocal } from '../src/index.js';
import { jsonRequest, sdkClient, uniqueNamespace } from './helpers.js';

const servers: CloudWatchLocal[] = [];

async function start(options: CloudWatchLocalOptions): Promise<CloudWatchLocal> {
  const cw = await startCloudWatchLocal(options);
  servers.push(cw);
  return cw;
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((cw) => cw.stop()));
});

/** What a raw client sees for one PutMetricData: a status, or 'dropped' when the connection was cut. */
async function rawPut(
  cw: CloudWatchLocal,
  namespace: string,
  metricName: string,
): Promise<number | 'dropped'> {
  try {
    const response = await jsonRequest(cw.endpoint, 'PutMetricData', {
      Namespace: namespace,
      MetricData: [{ MetricName: metricName, Value: 1 }],
    });
    return response.status;
  } catch {
    return 'dropped';
  }
}

const OUTCOME: Record<FaultKind | 'none', number | 'dropped'> = {
  none: 200,
  slow: 200,
  throttle: 400,
  error: 500,
  drop: 'dropped',
};

describe('fault injection', () => {
  it('follows the seeded sequence in arrival order, and restarts it on reset', async () => {
    const options = { faultRate: 0.4, faultSeed: 42, slowResponseMs: 5 };
    const cw = await start(options);
    const predicted = new FaultInjector(0.4, 42, ['throttle', 'error', 'drop', 'slow']);
    const expected = Array.from({ length: 30 }, () => predicted.next() ?? 'none');
    expect(new Set(expected).size).toBe(5); // every kind, and some clean requests, occur in these 30

    const ns = uniqueNamespace();
    const seen: Array<number | 'dropped'> = [];
    for (let i = 0; i < expected.length; i++) seen.push(await rawPut(cw, ns, `M${i}`));
    expect(seen).toEqual(expected.map((kind) => OUTCOME[kind]));

    const count = (kind: string) => expected.filter((k) => k === kind).length;
    const stats = cw.stats();
    expect(stats.faults).toEqual({
      throttle: count('throttle'),
      error: count('error'),
      drop: count('drop'),
      slow: count('slow'),
    });
    expect(stats.putMetricData).toMatchObject({
      received: 30,
      accepted: count('none') + count('slow'),
      faulted: count('throttle') + count('error') + count('drop'),
      rejected: 0,
    });
    // Faulted requests stored nothing: exactly the metrics of the answered ones exist.
    expect(stats.storedMetrics).toBe(count('none') + count('slow'));
    expect(stats.rejections).toEqual({});

    cw.reset();
    const again: Array<number | 'dropped'> = [];
    for (let i = 0; i < 10; i++) again.push(await rawPut(cw, ns, `M${i}`));
    expect(again).toEqual(seen.slice(0, 10));
  });

  it('answers throttles and errors the way the SDK maps and retries them', async () => {
    const throttled = await start({ faultRate: 1, faultKinds: ['throttle'] });
    const throttle = await jsonRequest(throttled.endpoint, 'PutMetricData', {
      Namespace: 'N',
      MetricData: [{ MetricName: 'M', Value: 1 }],
    });
    expect(throttle.status).toBe(400);
    expect(throttle.headers.get('x-amzn-query-error')).toBe('Throttling;Sender');
    expect(throttle.json.message).toBe('Rate exceeded');

    const failing = await start({ faultRate: 1, faultKinds: ['error'] });
    const client = sdkClient(failing.endpoint, { maxAttempts: 2 });
    try {
      const error = await client
        .send(new PutMetricDataCommand({ Namespace: 'N', MetricData: [{ MetricName: 'M', Value: 1 }] }))
        .catch(
          (e: unknown) => e as { Code?: string; $metadata: { attempts?: number; httpStatusCode?: number } },
        );
      expect(error).toMatchObject({
        Code: 'InternalServiceError',
        $metadata: { attempts: 2, httpStatusCode: 500 },
      });
      // Faults hit PutMetricData only.
      expect((await client.send(new ListMetricsCommand({}))).Metrics).toEqual([]);
      expect(failing.stats()).toMatchObject({
        faults: { error: 2 },
        putMetricData: { received: 2, faulted: 2, accepted: 0 },
        storedMetrics: 0,
      });
    } finally {
      client.destroy();
    }
  });

  it('is seen by the SDK as retries that succeed, exactly as the seed predicts', async () => {
    const kinds: FaultKind[] = ['throttle', 'error', 'drop'];
    const calls = 12;
    /** Attempts per call, with the SDK's default of 3 attempts, and the faults met on the way. */
    const predict = (seed: number) => {
      const injector = new FaultInjector(0.3, seed, kinds);
      const met = new Set<FaultKind>();
      const attempts = Array.from({ length: calls }, () => {
        let tries = 1;
        for (let fault = injector.next(); fault !== undefined; fault = injector.next()) {
          met.add(fault);
          tries++;
        }
        return tries;
      });
      return { attempts, met };
    };
    // A seed whose sequence meets every kind of fault yet never fails a call three times in a row.
    const seed = Array.from({ length: 200 }, (_, i) => i + 1).find((s) => {
      const { attempts, met } = predict(s);
      return met.size === kinds.length && Math.max(...attempts) <= 3;
    });
    expect(seed).toBeDefined();
    const predicted = predict(seed as number).attempts;

    const cw = await start({ faultRate: 0.3, faultSeed: seed as number, faultKinds: kinds });
    const client = sdkClient(cw.endpoint, { userAgentAppId: 'retry-test' });
    const ns = uniqueNamespace();
    try {
      const attempts: number[] = [];
      for (let i = 0; i < calls; i++) {
        const out = await client.send(
          new PutMetricDataCommand({ Namespace: ns, MetricData: [{ MetricName: `M${i}`, Value: i }] }),
        );
        attempts.push(out.$metadata.attempts ?? 0);
      }
      expect(attempts).toEqual(predicted);
      const retries = predicted.reduce((sum, n) => sum + n - 1, 0);
      const stats = cw.stats();
      expect(stats.putMetricData).toMatchObject({
        received: calls + retries,
        accepted: calls,
        faulted: retries,
      });
      expect(stats.byAppId['retry-test']).toMatchObject({
        putMetricDataRequests: calls + retries,
        datums: calls,
      });
      // Retries never double count: one sample per metric.
      expect(stats.storedMetrics).toBe(calls);
      expect(stats.putMetricData.samples).toBe(calls);
    } finally {
      client.destroy();
    }
  });

  it("processes and stores a 'slow' request after the delay", async () => {
    const cw = await start({ faultRate: 1, faultKinds: ['slow'], slowResponseMs: 50 });
    const ns = uniqueNamespace();
    expect(await rawPut(cw, ns, 'Slow')).toBe(200);
    expect(cw.stats()).toMatchObject({
      faults: { slow: 1, throttle: 0 },
      putMetricData: { accepted: 1, faulted: 0 },
      storedMetrics: 1,
    });
  });

  it('stops promptly while a slow request is waiting', async () => {
    const cw = await start({ faultRate: 1, faultKinds: ['slow'], slowResponseMs: 600_000 });
    const pending = rawPut(cw, uniqueNamespace(), 'Stuck');
    await new Promise((resolve) => setTimeout(resolve, 50));
    await cw.stop();
    expect(await pending).toBe('dropped');
    expect(cw.stats().storedMetrics).toBe(0);
  });
});
