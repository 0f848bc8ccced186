/**
 * A proxy in front of Kinesis (or of the failing proxy) for the reliability tests: per PutRecords call,
 * in arrival order, it answers a 500 InternalFailure, drops the connection before forwarding, forwards
 * and then loses the answer (Kinesis stored the records; the producer cannot know), or forwards and
 * relabels some per-record failures as InternalFailure, the other retryable code Kinesis uses.
 */
import { once } from 'node:events';
import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ChaosAction = 'forward' | 'fail-500' | 'drop-before' | 'lose-answer';

export interface ChaosStats {
  calls: number;
  byAction: Record<ChaosAction, number>;
  /** Records in calls whose answer was lost after they were forwarded. */
  recordsInLostAnswers: number;
  relabelled: number;
}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export async function startChaosProxy(target: string, plan: (call: number) => ChaosAction) {
  const to = new URL(target);
  const stats: ChaosStats = {
    calls: 0,
    byAction: { forward: 0, 'fail-500': 0, 'drop-before': 0, 'lose-answer': 0 },
    recordsInLostAnswers: 0,
    relabelled: 0,
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const isPut = req.headers['x-amz-target'] === 'Kinesis_20131202.PutRecords';
    const action: ChaosAction = isPut ? plan(stats.calls++) : 'forward';
    if (isPut) stats.byAction[action] += 1;
    if (action === 'drop-before') return req.socket.destroy();
    if (action === 'fail-500') {
      res.writeHead(500, { 'content-type': 'application/x-amz-json-1.1' });
      res.end(JSON.stringify({ __type: 'InternalFailure', message: 'injected by the chaos proxy' }));
      return;
    }
    const headers = { ...req.headers, host: to.host, 'content-length': String(body.length) };
    const out = request(
      { host: to.hostname, port: to.port, method: req.method, path: req.url, headers, agent: false },
      async (answer) => {
        let answerBody = await readBody(answer);
        if (action === 'lose-answer' && answer.statusCode === 200) {
          stats.recordsInLostAnswers += (JSON.parse(body.toString('utf8')).Records ?? []).length;
          return req.socket.destroy();
        }
        if (isPut && answer.statusCode === 200) {
          const output = JSON.parse(answerBody.toString('utf8')) as { Records?: { ErrorCode?: string }[] };
          let failed = 0;
          for (const record of output.Records ?? []) {
            if (record.ErrorCode && failed++ % 2 === 1) {
              record.ErrorCode = 'InternalFailure';
              stats.relabelled += 1;
            }
          }
          answerBody = Buffer.from(JSON.stringify(output));
        }
        const answerHeaders = { ...answer.headers, 'content-length': String(answerBody.length) };
        delete answerHeaders['transfer-encoding'];
        res.writeHead(answer.statusCode ?? 502, answerHeaders).end(answerBody);
      },
    );
    out.on('error', () => req.socket.destroy());
    out.end(body);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, 'close');
    },
  };
}
