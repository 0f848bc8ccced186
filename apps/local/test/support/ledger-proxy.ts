/**
 * A proxy between the functions and the local CloudWatch that keeps a ledger: for every PutMetricData the
 * endpoint answered 200 (stored), how many times each value of the value metric was stored, per
 * application id (the handlers send `app/cwagg-single` or `app/cwagg-aggregated` in their User-Agent).
 * With one distinct value per record, the ledger tells per record whether it was lost (0), stored once, or
 * counted twice. A faulted request is answered before its body is read, so a non-200 stored nothing.
 *
 * Hooks let a test hold a request, drop it unsent, or act after CloudWatch stored it but before the
 * function hears the answer (a kill there is the one loss of an answer no client can close).
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export interface PutInfo {
  appId: string;
  /** Arrival order of this application's PutMetricData calls, from 0. */
  index: number;
  /** Samples of the value metric the request carries. */
  samples: number;
}

export interface LedgerProxyOptions {
  target: string;
  /** The value metric whose values are tallied. */
  metricName: string;
  beforeForward?: (put: PutInfo) => 'forward' | 'drop' | Promise<'forward' | 'drop'>;
  afterAnswer?: (put: PutInfo, status: number) => void | Promise<void>;
}

export interface LedgerProxy {
  readonly endpoint: string;
  /** value -> times stored, for one application id. */
  ledger(appId: string): Map<number, number>;
  /** PutMetricData calls seen, per application id. */
  calls(appId: string): number;
  close(): Promise<void>;
}

interface Datum {
  MetricName?: string;
  Value?: number;
  Values?: number[];
  Counts?: number[];
}

function appIdOf(userAgent: string | undefined): string {
  return /(?:^|\s)app\/(\S+)/.exec(userAgent ?? '')?.[1] ?? 'unknown';
}

export async function startLedgerProxy(options: LedgerProxyOptions): Promise<LedgerProxy> {
  const ledgers = new Map<string, Map<number, number>>();
  const calls = new Map<string, number>();
  const ledgerOf = (appId: string): Map<number, number> => {
    let ledger = ledgers.get(appId);
    if (!ledger) {
      ledger = new Map();
      ledgers.set(appId, ledger);
    }
    return ledger;
  };
  /** [value, count] of the value metric in a PutMetricData body. */
  const valuesOf = (body: Buffer, gzip: boolean): Array<[number, number]> => {
    let input: { MetricData?: Datum[] };
    try {
      input = JSON.parse((gzip ? gunzipSync(body) : body).toString('utf8'));
    } catch {
      return []; // not a body the endpoint would store either
    }
    const out: Array<[number, number]> = [];
    for (const datum of input.MetricData ?? []) {
      if (datum.MetricName !== options.metricName) continue;
      if (datum.Value !== undefined) out.push([datum.Value, 1]);
      datum.Values?.forEach((value, i) => {
        out.push([value, datum.Counts?.[i] ?? 1]);
      });
    }
    return out;
  };

  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    try {
      for await (const chunk of req) chunks.push(chunk as Buffer);
    } catch {
      return; // the function went away mid-request
    }
    const body = Buffer.concat(chunks);
    const isPut = String(req.headers['x-amz-target'] ?? '').endsWith('.PutMetricData');
    const appId = appIdOf(req.headers['user-agent']);
    let put: PutInfo | undefined;
    let values: Array<[number, number]> = [];
    if (isPut) {
      const index = calls.get(appId) ?? 0;
      calls.set(appId, index + 1);
      values = valuesOf(body, req.headers['content-encoding'] === 'gzip');
      put = { appId, index, samples: values.reduce((sum, [, count]) => sum + count, 0) };
      if ((await options.beforeForward?.(put)) === 'drop') {
        req.socket.destroy();
        return;
      }
    }
    const forward = request(
      `${options.target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(options.target).host }, agent: false },
      (answer) => {
        const answerChunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => answerChunks.push(chunk));
        answer.on('end', async () => {
          const status = answer.statusCode ?? 502;
          if (put && status === 200) {
            const ledger = ledgerOf(appId);
            for (const [value, count] of values) ledger.set(value, (ledger.get(value) ?? 0) + count);
          }
          if (put) await options.afterAnswer?.(put, status);
          if (res.destroyed || req.socket.destroyed) return;
          res.writeHead(status, answer.headers);
          res.end(Buffer.concat(answerChunks));
        });
      },
    );
    // The endpoint dropped the connection (an injected fault): so does the proxy.
    forward.on('error', () => req.socket.destroy());
    forward.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    ledger: (appId) => new Map(ledgerOf(appId)),
    calls: (appId) => calls.get(appId) ?? 0,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Compares a ledger with the values that had to be stored once each: lost and doubled counts. */
export function auditLedger(
  ledger: ReadonlyMap<number, number>,
  expected: readonly number[],
): { lost: number; doubled: number; unexpected: number } {
  let lost = 0;
  let doubled = 0;
  const wanted = new Set(expected);
  for (const value of expected) {
    const stored = ledger.get(value) ?? 0;
    if (stored === 0) lost += 1;
    else doubled += stored - 1;
  }
  let unexpected = 0;
  for (const [value, count] of ledger) if (!wanted.has(value)) unexpected += count;
  return { lost, doubled, unexpected };
}
