/**
 * A small HTTP server in front of the Kinesis emulator that makes PutRecords partly fail, the way
 * Kinesis does under load: it forwards only some records of each call and answers for the others
 * with ErrorCode ProvisionedThroughputExceededException (and FailedRecordCount), and throttles every
 * Nth call as a whole. Within a call, once a key has failed its later records fail too, as a shard
 * over its limit stays over it for the rest of the call.
 */

import { once } from 'node:events';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededStream } from '../../src/random.js';

export interface FailingProxyOptions {
  /** The emulator's endpoint. */
  target: string;
  /** Share of records (0..1) to fail in each call. */
  recordFailureRate: number;
  /** Throttle every Nth PutRecords call as a whole (0 = never). */
  throttleEvery: number;
  /** Records with these partition keys always fail. */
  alwaysFailKeys?: string[];
  seed?: number;
}

export interface ProxyStats {
  putRecordsCalls: number;
  throttledCalls: number;
  failedRecords: number;
  forwardedRecords: number;
}

interface WireRecord {
  Data: string;
  PartitionKey: string;
}

interface WireResult {
  SequenceNumber?: string;
  ShardId?: string;
  ErrorCode?: string;
  ErrorMessage?: string;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

function forward(
  target: URL,
  req: IncomingMessage,
  body: Buffer,
): Promise<{ status: number; headers: Record<string, string>; body: Buffer }> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (typeof value === 'string' && name !== 'host' && name !== 'content-length') headers[name] = value;
  }
  headers['content-length'] = String(body.length);
  return new Promise((resolve, reject) => {
    const out = request(
      { host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
      async (res) => {
        const responseBody = await readBody(res);
        const responseHeaders: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (typeof value === 'string' && name !== 'content-length' && name !== 'transfer-encoding') {
            responseHeaders[name] = value;
          }
        }
        resolve({ status: res.statusCode ?? 500, headers: responseHeaders, body: responseBody });
      },
    );
    out.on('error', reject);
    out.end(body);
  });
}

export async function startFailingProxy(options: FailingProxyOptions) {
  const target = new URL(options.target);
  // The producer's own seeded generator, so the failure pattern is the same every run; stream 0 is none of
  // the producer's streams, so the failures do not follow the records' data.
  const random = seededStream(options.seed ?? 1, 0);
  const alwaysFail = new Set(options.alwaysFailKeys ?? []);
  const stats: ProxyStats = { putRecordsCalls: 0, throttledCalls: 0, failedRecords: 0, forwardedRecords: 0 };

  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (req.headers['x-amz-target'] !== 'Kinesis_20131202.PutRecords') {
        const answer = await forward(target, req, body);
        res.writeHead(answer.status, answer.headers).end(answer.body);
        return;
      }
      stats.putRecordsCalls += 1;
      if (options.throttleEvery > 0 && stats.putRecordsCalls % options.throttleEvery === 0) {
        stats.throttledCalls += 1;
        const throttle = {
          __type: 'ProvisionedThroughputExceededException',
          message: 'Rate exceeded for stream',
        };
        res.writeHead(400, { 'content-type': 'application/x-amz-json-1.1' });
        res.end(JSON.stringify(throttle));
        return;
      }
      const input = JSON.parse(body.toString('utf8')) as { StreamName: string; Records: WireRecord[] };
      const failedKeys = new Set<string>();
      const keep: WireRecord[] = [];
      const decisions = input.Records.map((record) => {
        const fail =
          alwaysFail.has(record.PartitionKey) ||
          failedKeys.has(record.PartitionKey) ||
          random() < options.recordFailureRate;
        if (fail) failedKeys.add(record.PartitionKey);
        else keep.push(record);
        return fail;
      });
      let forwarded: WireResult[] = [];
      let forwardedFailures = 0;
      if (keep.length > 0) {
        const answer = await forward(target, req, Buffer.from(JSON.stringify({ ...input, Records: keep })));
        if (answer.status !== 200) {
          res.writeHead(answer.status, answer.headers).end(answer.body);
          return;
        }
        const output = JSON.parse(answer.body.toString('utf8')) as {
          Records: WireResult[];
          FailedRecordCount?: number;
        };
        forwarded = output.Records;
        forwardedFailures = output.FailedRecordCount ?? 0;
      }
      let next = 0;
      const results = decisions.map((failed): WireResult => {
        if (!failed) {
          stats.forwardedRecords += 1;
          return forwarded[next++] ?? {};
        }
        stats.failedRecords += 1;
        return {
          ErrorCode: 'ProvisionedThroughputExceededException',
          ErrorMessage:
            'Rate exceeded for shard shardId-000000000000 in stream (simulated by the test proxy)',
        };
      });
      const failedCount = decisions.filter(Boolean).length + forwardedFailures;
      res
        .writeHead(200, { 'content-type': 'application/x-amz-json-1.1' })
        .end(JSON.stringify({ FailedRecordCount: failedCount, Records: results }));
    } catch (err) {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: String(err) }));
    }
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    stats,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
