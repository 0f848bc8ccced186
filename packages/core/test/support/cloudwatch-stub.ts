/**
 * A minimal CloudWatch endpoint for the publisher's tests: it speaks the AWS JSON 1.0 protocol the SDK v3
 * uses (x-amz-target, gzip bodies, `__type` + `x-amzn-query-error` errors) and answers each
 * PutMetricData with the next scripted answer. The full emulator lives in @cwagg/cloudwatch-local, which
 * depends on this package, so the core tests carry their own.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

export type Answer = 'ok' | 'throttle' | 'error' | 'invalid' | { delayMs: number };

export interface ReceivedRequest {
  target: string | undefined;
  contentEncoding: string | undefined;
  wireBytes: number;
  body: string;
  json: { Namespace: string; MetricData: { MetricName: string; Values: number[]; Timestamp: number }[] };
}

export interface CloudWatchStub {
  endpoint: string;
  received: ReceivedRequest[];
  maxInFlight: number;
  /** Answers to give, in arrival order; `ok` once the script runs out. */
  script: Answer[];
  close(): Promise<void>;
}

function sendError(res: ServerResponse, status: number, code: string, fault: string, message: string) {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'x-amzn-query-error': `${code};${fault}`,
  });
  res.end(JSON.stringify({ __type: `com.amazonaws.cloudwatch#${code}`, message }));
}

export async function startCloudWatchStub(script: Answer[] = []): Promise<CloudWatchStub> {
  let inFlight = 0;
  const stub: CloudWatchStub = {
    endpoint: '',
    received: [],
    maxInFlight: 0,
    script,
    // A stalled answer waits on a fake timer that may never fire: close its connection rather than wait for it.
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const wire = Buffer.concat(chunks);
    const encoding = req.headers['content-encoding'];
    const body = (encoding === 'gzip' ? gunzipSync(wire) : wire).toString('utf8');
    stub.received.push({
      target: req.headers['x-amz-target'] as string | undefined,
      contentEncoding: encoding,
      wireBytes: wire.length,
      body,
      json: JSON.parse(body),
    });
    const answer = stub.script.shift() ?? 'ok';
    if (typeof answer === 'object') await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer === 'throttle') return sendError(res, 400, 'Throttling', 'Sender', 'Rate exceeded');
    if (answer === 'error') return sendError(res, 500, 'InternalServiceError', 'Receiver', 'Internal error');
    if (answer === 'invalid') {
      return sendError(
        res,
        400,
        'InvalidParameterValue',
        'Sender',
        'The value NaN for parameter MetricData.member.1.Value is invalid.',
      );
    }
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
    res.end('{}');
  };
  const server: Server = createServer((req, res) => {
    inFlight++;
    stub.maxInFlight = Math.max(stub.maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
    });
    handle(req, res).catch((error) => sendError(res, 400, 'SerializationException', 'Sender', String(error)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stub.endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return stub;
}
