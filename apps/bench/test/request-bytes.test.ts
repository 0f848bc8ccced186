import { SDK_MIN_COMPRESSION_BYTES } from '@cwagg/core/limits';
import { createRunPlanner, decodeBatch } from '@cwagg/kinesis';
import { describe, expect, it } from 'vitest';
import { handlerConfig } from '../src/contenders/cwagg.js';
import { measureRequests, requestBody } from '../src/request-bytes.js';
import { kinesisBatches, previousMinute, WORKLOADS } from '../src/workloads.js';

describe('request bytes', () => {
  it('serialises as the SDK does (epoch-second timestamps) and matches the size cwagg accounts for', () => {
    for (const spec of [WORKLOADS.original10000, WORKLOADS.latenciesExact]) {
      const [event] = kinesisBatches(spec, 1, 3, previousMinute());
      const config = handlerConfig('aggregated', spec);
      const runs = createRunPlanner(config, Date.now).plan(decodeBatch(event?.Records ?? []));
      const requests = runs.flatMap((run) => run.requests);
      const body = JSON.parse(requestBody(requests[0] ?? { Namespace: '', MetricData: [] }));
      expect(typeof body.MetricData[0].Timestamp).toBe('number');
      expect(measureRequests(requests).plainBytes).toBe(runs.reduce((sum, run) => sum + run.bodyBytes, 0));
    }
  });

  it('counts gzip for every body, and on the wire only from the SDK threshold on', () => {
    const small = { Namespace: 'N', MetricData: [{ MetricName: 'M', Value: 1 }] };
    const datum = { MetricName: 'M', Values: Array.from({ length: 150 }, (_, i) => i * 1.5) };
    const repeated = { Namespace: 'N', MetricData: Array.from({ length: 20 }, () => datum) };
    const repeatedBytes = Buffer.byteLength(requestBody(repeated));
    expect(repeatedBytes).toBeGreaterThanOrEqual(SDK_MIN_COMPRESSION_BYTES);
    const measured = measureRequests([small, repeated]);
    expect(measured.requests).toBe(2);
    expect(measured.plainBytes).toBe(Buffer.byteLength(requestBody(small)) + repeatedBytes);
    expect(measured.gzipBytes).toBeLessThan(measured.plainBytes);
    // The small body goes plain, the large one gzipped.
    expect(measured.sentBytes).toBeGreaterThan(Buffer.byteLength(requestBody(small)));
    expect(measured.sentBytes).toBeLessThan(measured.plainBytes);
  });
});
