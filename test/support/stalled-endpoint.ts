/**
 * A CloudWatch that has stalled, for the deadline tests of core, kinesis, lambda and otel: it accepts
 * connections, reads what it is sent and never answers. Unlike the local endpoint's slow answers, nothing here
 * ever ends on its own, so only the client's own deadlines can. Test-only; imported by relative path.
 */
import { once } from 'node:events';
import { type AddressInfo, createServer, type Socket } from 'node:net';

export interface StalledEndpoint {
  endpoint: string;
  /** Connections accepted so far: one per attempt a client made. */
  connections(): number;
  /** Destroys every connection still open, then stops listening. */
  close(): Promise<void>;
}

export async function startStalledEndpoint(): Promise<StalledEndpoint> {
  const sockets = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted++;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.resume(); // read the request, answer nothing
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    connections: () => accepted,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.close();
      await once(server, 'close');
    },
  };
}
