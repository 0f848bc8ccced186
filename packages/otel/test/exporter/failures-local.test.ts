/**
 * When CloudWatch does not store a request: throttled requests are held and sent with the next export (one
 * call for both), a server that never answers is abandoned at the export's deadline, and forceFlush() and
 * shutdown() return by theirs, dropping and reporting what they could not send. Real SDK clients over HTTP
 * throughout; the tests switch which endpoint the exporter's client talks to. Deadlines hold through a
 * garbage collection, and even against a publisher that never returns.
 */
import type { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import type { CloudWatchLocal } from '@cwagg/cloudwatch-local';
import { Publisher } from '@cwagg/core';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import { afterAll, beforeAll, describe, expect, it, onTestFinished, vi } from 'vitest';
import { collectGarbage } from '../../../../test/support/collect-garbage.js';
import { type StalledEndpoint, startStalledEndpoint } from '../../../../test/support/stalled-endpoint.js';
import { CwaggMetricExporter, type DropReport, type ExportReport } from '../../src/index.js';
import { clientFor, readBack, startLocal } from '../support/cloudwatch.js';
import { exportOnce, readerFor } from '../support/export.js';

let healthy: CloudWatchLocal;
let throttling: CloudWatchLocal;
let stalled: StalledEndpoint;
const clients: CloudWatchClient[] = [];

/** A client that talks to whichever endpoint `target` names at the time of each call. */
function switchingClient(target: { current: CloudWatchClient }): Pick<CloudWatchClient, 'send'> {
  return { send: ((command: never, options: never) => target.current.send(command, options)) as never };
}

function client(endpoint: { endpoint: string } | string): CloudWatchClient {
  const made = clientFor(
    typeof endpoint === 'string' ? ({ endpoint } as CloudWatchLocal) : (endpoint as CloudWatchLocal),
    1,
  );
  clients.push(made);
  return made;
}

beforeAll(async () => {
  healthy = await startLocal();
  throttling = await startLocal({ faultRate: 1, faultKinds: ['throttle'] });
  stalled = await startStalledEndpoint();
});

afterAll(async () => {
  for (const made of clients) made.destroy();
  await stalled?.close();
  await healthy?.stop();
  await throttling?.stop();
});

describe('failed requests', () => {
  it('holds a throttled export and sends it with the next one, in one call', async () => {
    const target = { current: client(throttling) };
    const exporter = new CwaggMetricExporter({ namespace: 'Retried', client: switchingClient(target) });
    const errors: string[] = [];
    exporter.on('error', (_error, context) => errors.push(`${context.errorCode} ${context.willRetry}`));
    const reports: ExportReport[] = [];
    exporter.on('export', (report) => reports.push(report));
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    const orders = provider.getMeter('x').createHistogram('order.value', { unit: '{EUR}' });
    for (let i = 1; i <= 1000; i++) orders.record(i);
    const failed = await exportOnce(exporter, await reader.resourceMetrics());
    expect(failed.code).toBe(1);
    expect(failed.error?.message).toMatch(
      /1 of 1 PutMetricData requests failed \(Throttling\); 1000 samples held/,
    );
    expect(errors).toEqual(['Throttling true']);
    expect(exporter.stats()).toMatchObject({ samples: 1000, sentSamples: 0, heldSamples: 1000 });

    target.current = client(healthy);
    for (let i = 1; i <= 500; i++) orders.record(i);
    const before = healthy.stats().putMetricData.received;
    expect(await exportOnce(exporter, await reader.resourceMetrics())).toEqual({ code: 0 });
    expect(healthy.stats().putMetricData.received - before).toBe(1);
    expect(reports[1]).toMatchObject({ resentDatums: expect.any(Number), sentSamples: 1500, heldSamples: 0 });
    const read = await readBack(client(healthy), 'Retried', 'order.value');
    expect(read).toMatchObject({ SampleCount: 1500, Sum: 500_500 + 125_250, Minimum: 1, Maximum: 1000 });
    expect(exporter.stats()).toMatchObject({ samples: 1500, sentSamples: 1500, droppedSamples: 0 });
    await provider.shutdown();
  });

  it('drops the oldest held datums past maxRetryDatums, and says so', async () => {
    const exporter = new CwaggMetricExporter({
      namespace: 'Bounded',
      client: client(throttling),
      maxRetryDatums: 2,
    });
    const drops: DropReport[] = [];
    exporter.on('drop', (report) => drops.push(report));
    exporter.on('error', () => {});
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('x').createCounter('c');
    for (const route of ['/a', '/b', '/c']) counter.add(1, { route });
    await exportOnce(exporter, await reader.resourceMetrics()); // one datum: all routes merge (no allow-list)
    counter.add(1);
    await exportOnce(exporter, await reader.resourceMetrics());
    counter.add(1);
    await exportOnce(exporter, await reader.resourceMetrics());
    expect(drops).toEqual([{ reason: 'retry-buffer-full', datums: 1, samples: 3 }]);
    expect(exporter.stats()).toMatchObject({ samples: 5, droppedSamples: 3, heldSamples: 2 });
    await provider.shutdown();
  });
});

describe('deadlines', () => {
  it('abandons an export whose requests are not answered by exportTimeoutMs, holding its data', async () => {
    const exporter = new CwaggMetricExporter({
      namespace: 'Stalled',
      client: client(stalled.endpoint),
      exportTimeoutMs: 300,
    });
    exporter.on('error', () => {});
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('c').add(7);
    const result = await exportOnce(exporter, await reader.resourceMetrics());
    expect(result.code).toBe(1);
    expect(result.error?.message).toMatch(/failed \(AbortError\); 1 samples held/);
    expect(exporter.stats()).toMatchObject({ heldSamples: 1 });
    await provider.shutdown();
  });

  it('keeps the deadline of an export through a garbage collection while CloudWatch does not answer', async () => {
    const exporter = new CwaggMetricExporter({
      namespace: 'Collected',
      client: client(stalled.endpoint),
      exportTimeoutMs: 1_000,
    });
    exporter.on('error', () => {});
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('c').add(7);
    const pending = exportOnce(exporter, await reader.resourceMetrics());
    // The request is on the wire; a full collection now, long before the deadline, must not take the
    // deadline with it (it did when the deadline was an AbortSignal.timeout inside AbortSignal.any).
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    const result = await pending;
    expect(result.error?.message).toMatch(/failed \(AbortError\); 1 samples held/);
    expect(exporter.stats()).toMatchObject({ heldSamples: 1 });
    await provider.shutdown();
  });

  it('settles exports, forceFlush() and shutdown() by their deadlines when the publisher never returns', async () => {
    // A publisher that ignores the abort and never settles: nothing the exporter waits on may outlive a deadline.
    const publish = vi.spyOn(Publisher.prototype, 'publish').mockImplementation(() => new Promise(() => {}));
    onTestFinished(() => publish.mockRestore()); // even when the test times out
    const exporter = new CwaggMetricExporter({
      namespace: 'Unanswered',
      client: client(stalled.endpoint),
      exportTimeoutMs: 100,
      flushTimeoutMs: 500,
    });
    exporter.on('error', () => {});
    const drops: DropReport[] = [];
    exporter.on('drop', (report) => drops.push(report));
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    const counter = provider.getMeter('x').createCounter('c');
    counter.add(7);
    const first = await exportOnce(exporter, await reader.resourceMetrics());
    expect(first.error?.message).toMatch(
      /1 of 1 PutMetricData requests failed \(AbortError\); 1 samples held/,
    );
    expect(exporter.stats()).toMatchObject({ samples: 1, heldSamples: 1 });

    // An export queued behind a flush that keeps the queue past the export's deadline answers by its own.
    counter.add(5);
    const metrics = await reader.resourceMetrics();
    const settled: string[] = [];
    const flushed = exporter.forceFlush().then(() => settled.push('flush'));
    const second = await exportOnce(exporter, metrics).then((result) => {
      settled.push('export');
      return result;
    });
    expect(second.error?.message).toMatch(/waited past its deadline \(exportTimeoutMs 100 ms\)/);
    await flushed;
    expect(settled).toEqual(['export', 'flush']);

    await exporter.shutdown();
    expect(drops).toEqual([{ reason: 'shutdown', datums: expect.any(Number), samples: 2 }]);
    expect(exporter.stats()).toMatchObject({
      samples: 2,
      sentSamples: 0,
      droppedSamples: 2,
      heldSamples: 0,
      shutdown: true,
    });
    await provider.shutdown();
  });

  it('forceFlush() and shutdown() return by flushTimeoutMs; shutdown drops and reports what is still held', async () => {
    const target = { current: client(throttling) };
    const exporter = new CwaggMetricExporter({
      namespace: 'ShutDown',
      client: switchingClient(target),
      flushTimeoutMs: 300,
    });
    exporter.on('error', () => {});
    const drops: DropReport[] = [];
    exporter.on('drop', (report) => drops.push(report));
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createHistogram('h').record(5);
    await exportOnce(exporter, await reader.resourceMetrics());
    expect(exporter.stats().heldSamples).toBe(1);
    target.current = client(stalled.endpoint);
    await exporter.forceFlush(); // resolves at its deadline; the request in flight is abandoned with it
    await vi.waitFor(() => expect(exporter.stats().heldSamples).toBe(1)); // and its datum held again
    await exporter.shutdown();
    expect(drops).toEqual([{ reason: 'shutdown', datums: 1, samples: 1 }]);
    expect(exporter.stats()).toMatchObject({ samples: 1, droppedSamples: 1, heldSamples: 0, shutdown: true });
    expect(exporter.shutdown()).toBe(exporter.shutdown());
    const late = await exportOnce(exporter, await reader.resourceMetrics());
    expect(late.code).toBe(1);
    expect(late.error?.message).toMatch(/shut down/);
    await provider.shutdown();
  });

  it('forceFlush() sends what is held once CloudWatch answers again', async () => {
    const target = { current: client(throttling) };
    const exporter = new CwaggMetricExporter({ namespace: 'Flushed', client: switchingClient(target) });
    exporter.on('error', () => {});
    const reader = readerFor(exporter);
    const provider = new MeterProvider({ readers: [reader] });
    provider.getMeter('x').createCounter('c').add(9);
    await exportOnce(exporter, await reader.resourceMetrics());
    target.current = client(healthy);
    await exporter.forceFlush();
    expect(exporter.stats()).toMatchObject({ sentSamples: 1, heldSamples: 0 });
    expect(await readBack(client(healthy), 'Flushed', 'c')).toMatchObject({ Sum: 9 });
    await provider.shutdown();
  });
});
