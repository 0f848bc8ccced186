import type { IncomingMessage } from 'node:http';
import { createGunzip } from 'node:zlib';
import { ServiceError } from './service-error.js';

/** The caller went away before sending its whole body: there is nobody left to answer. */
export class ClientGoneError extends Error {}

function tooLarge(what: string, maxBytes: number, detail = ''): ServiceError {
  return new ServiceError(
    'RequestEntityTooLarge',
    `The ${what} exceeds the limit of ${maxBytes} bytes (1 MB per PutMetricData request in CloudWatch)${detail}.`,
    413,
    { connection: 'close' },
  );
}

/** Reads a request body of at most maxBytes; refuses a larger one as soon as it is known to be larger. */
export function readBody(req: IncomingMessage, maxBytes: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) {
    return Promise.reject(tooLarge('request body', maxBytes));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const cleanup = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onGone);
      req.off('aborted', onGone);
    };
    const onData = (chunk: Buffer) => {
      total += chunk.length;
      if (total > maxBytes) {
        cleanup();
        reject(tooLarge('request body', maxBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      cleanup();
      resolve(Buffer.concat(chunks, total));
    };
    const onGone = () => {
      cleanup();
      reject(new ClientGoneError('client closed the connection mid-body'));
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onGone);
    req.on('aborted', onGone);
  });
}

/**
 * Inflates a gzip body through a streaming limit: a bomb is stopped once maxBytes (plus one zlib chunk)
 * came out, never inflated whole into memory.
 */
export function gunzipLimited(data: Buffer, maxBytes: number, malformedCode: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gunzip = createGunzip();
    const chunks: Buffer[] = [];
    let total = 0;
    let settled = false;
    gunzip.on('data', (chunk: Buffer) => {
      if (settled) return;
      total += chunk.length;
      if (total > maxBytes) {
        settled = true;
        gunzip.destroy();
        reject(tooLarge('inflated gzip request body', maxBytes, `; inflating stopped after ${total} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    gunzip.on('end', () => {
      if (settled) return;
      settled = true;
      resolve(Buffer.concat(chunks, total));
    });
    gunzip.on('error', (error) => {
      if (settled) return;
      settled = true;
      reject(
        new ServiceError(malformedCode, `The gzip request body could not be inflated: ${error.message}`),
      );
    });
    gunzip.end(data);
  });
}

function gzipped(req: IncomingMessage): boolean {
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  return encoding === 'gzip' || encoding === 'x-gzip';
}

/** Room a body needs: as declared (the cap when not declared), and the cap again for a gzip body's copy. */
export function bodyCost(req: IncomingMessage, maxBytes: number): number {
  const declared = Number(req.headers['content-length']);
  const wire = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, maxBytes) : maxBytes;
  return wire + (gzipped(req) ? maxBytes : 0);
}

/** The body after its Content-Encoding: gzip inflated within the cap, none or identity as is. */
export async function decodeContent(
  req: IncomingMessage,
  wire: Buffer,
  maxBytes: number,
  malformedCode: string,
): Promise<Buffer> {
  if (gzipped(req)) return gunzipLimited(wire, maxBytes, malformedCode);
  const encoding = (req.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding !== '' && encoding !== 'identity') {
    throw new ServiceError(
      'UnsupportedMediaType',
      `Content-Encoding ${encoding.slice(0, 100)} is not supported: send gzip or an uncompressed body.`,
      415,
    );
  }
  return wire;
}
