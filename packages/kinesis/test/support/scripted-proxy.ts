/**
 * A proxy in front of the local endpoint that decides, per PutMetricData in arrival order, whether to
 * forward it, fail it (500, nothing stored), or forward it and then lose the answer (stored, but the client
 * sees a dropped connection): the one failure no client can tell from a request that never arrived.
 */
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export type ProxyAction = 'forward' | 'fail' | 'lose-answer';

export interface ScriptedProxy {
  endpoint: string;
  /** What was done with each PutMetricData, in arrival order. */
  actions: ProxyAction[];
  close(): Promise<void>;
}

export async function startScriptedProxy(
  target: string,
  script: (putIndex: number) => ProxyAction,
): Promise<ScriptedProxy> {
  const actions: ProxyAction[] = [];
  const server: Server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const isPut = String(req.headers['x-amz-target'] ?? '').endsWith('.PutMetricData');
    const action = isPut ? script(actions.length) : 'forward';
    if (isPut) actions.push(action);
    if (action === 'fail') {
      res.writeHead(500, {
        'content-type': 'application/x-amz-json-1.0',
        'x-amzn-query-error': 'InternalServiceError;Receiver',
      });
      res.end(JSON.stringify({ __type: 'InternalServiceError', message: 'failed by the test proxy' }));
      return;
    }
    const forward = request(
      `${target}${req.url}`,
      { method: req.method, headers: { ...req.headers, host: new URL(target).host }, agent: false },
      (answer) => {
        const body: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => body.push(chunk));
        answer.on('end', () => {
          // Stored by the endpoint by now; the client never hears of it.
          if (action === 'lose-answer') return req.socket.destroy();
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          res.end(Buffer.concat(body));
        });
      },
    );
    forward.on('error', () => res.destroy());
    forward.end(Buffer.concat(chunks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    actions,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
