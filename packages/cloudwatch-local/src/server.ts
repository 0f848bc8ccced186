import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fromJson, fromQuery } from './coerce.js';
import { type CloudWatchLocalStats, Counters } from './counters.js';
import { FaultInjector, type FaultKind } from './faults.js';
import { ClientGoneError, gunzipLimited, readBody } from './http-body.js';
import { findOperation, type Operation, SUPPORTED_OPERATIONS } from './operations/index.js';
import {
  type CloudWatchLocalOptions,
  type RequestLogEntry,
  type ResolvedOptions,
  resolveOptions,
} from './options.js';
import { JSON_CONTENT_TYPE, jsonErrorBody, parseJsonBody, TARGET_PREFIX, toJson } from './protocols/json.js';
import { API_VERSION, FORM_CONTENT_TYPE, parseForm, xmlError, xmlResponse } from './protocols/query.js';
import { ServiceError } from './service-error.js';
import { MetricStore } from './store.js';
import { appIdFromUserAgent } from './user-agent.js';

export interface CloudWatchLocal {
  /** Base URL to give an SDK client, e.g. `http://127.0.0.1:4582`. */
  readonly endpoint: string;
  readonly port: number;
  readonly host: string;
  /** A snapshot of the counters (plain, JSON-serialisable). */
  stats(): CloudWatchLocalStats;
  /** Forgets stored metrics, zeroes the counters and restarts the fault sequence from its seed. */
  reset(): void;
  /** Closes the server and every open connection. */
  stop(): Promise<void>;
}

type Protocol = 'json' | 'query';

/** Server-side limits on slow or stuck clients, so one of them cannot hold a connection forever. */
const HEADERS_TIMEOUT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 30_000;
const KEEP_ALIVE_TIMEOUT_MS = 5_000;

const SUPPORTED_LIST = SUPPORTED_OPERATIONS.join(', ');

/**
 * Request bodies held in memory at once, across all connections, in maximum-size bodies: each body is
 * capped, but thousands of connections each sending 1 MiB would hold gigabytes. Past this, a request is
 * answered with a Throttling error before its body is read, as CloudWatch answers a client it has no room
 * for (the SDK retries it).
 */
const HELD_BODIES = 64;

class Service {
  readonly store: MetricStore;
  readonly counters = new Counters(SUPPORTED_OPERATIONS);
  readonly faults: FaultInjector;
  private readonly pendingDelays = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  /** Bytes reserved by requests whose bodies are being read or inflated (see HELD_BODIES). */
  private heldBodyBytes = 0;
  stopped = false;

  constructor(readonly options: ResolvedOptions) {
    this.store = new MetricStore({
      maxMetrics: options.maxMetrics,
      maxStoredValues: options.maxStoredValues,
    });
    this.faults = new FaultInjector(options.faultRate, options.faultSeed, options.faultKinds);
  }

  stats(): CloudWatchLocalStats {
    return this.counters.snapshot(this.store.metricCount, this.store.storedValues);
  }

  reset(): void {
    this.store.reset();
    this.counters.reset();
    this.faults.reset();
  }

  /** Reserves room for a request body; false when the bodies held already fill HELD_BODIES. */
  reserveBody(bytes: number): boolean {
    if (this.heldBodyBytes + bytes > HELD_BODIES * this.options.maxBodyBytes) return false;
    this.heldBodyBytes += bytes;
    return true;
  }

  releaseBody(bytes: number): void {
    this.heldBodyBytes -= bytes;
  }

  /** Waits for a 'slow' fault; cut short when the server stops. */
  delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pendingDelays.delete(entry);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingDelays.add(entry);
    });
  }

  cancelDelays(): void {
    for (const entry of this.pendingDelays) {
      clearTimeout(entry.timer);
      entry.resolve();
    }
    this.pendingDelays.clear();
  }

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://localhost');
    const log: RequestLogEntry = {
      method: req.method ?? '',
      path: url.pathname,
      protocol: 'unknown',
      status: 0,
      appId: appIdFromUserAgent(req.headers['user-agent']),
      durationMs: 0,
    };
    const exchange = new Exchange(this, req, res, log);
    res.on('close', () => {
      exchange.releaseBody();
      log.status = res.headersSent ? res.statusCode : 0;
      log.durationMs = performance.now() - started;
      this.options.onRequest?.(log);
    });
    try {
      await exchange.route(url);
    } catch (error) {
      exchange.failUnexpectedly(error);
    }
  }
}

/** One request and its answer. */
class Exchange {
  private protocol: Protocol | undefined;
  private operation: string | undefined;
  private readonly requestId = randomUUID();
  /** Bytes this request reserved for its body (released when the answer is done). */
  private reservedBodyBytes = 0;

  constructor(
    private readonly service: Service,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly log: RequestLogEntry,
  ) {}

  private get counters(): Counters {
    return this.service.counters;
  }

  async route(url: URL): Promise<void> {
    if (url.pathname.startsWith('/_cwagg/')) return this.admin(url.pathname);
    if (url.pathname !== '/') {
      return this.refuse(
        new ServiceError(
          'NotFound',
          `No such path ${url.pathname.slice(0, 200)}: AWS requests go to "/" (control: /_cwagg/).`,
          404,
        ),
      );
    }
    if (this.req.method === 'GET') {
      this.protocol = 'query';
      this.log.protocol = 'query';
      if (!url.searchParams.has('Action')) {
        return this.refuse(
          new ServiceError(
            'MissingAction',
            'This is cwagg cloudwatch-local: send AWS JSON 1.0 (x-amz-target) or Query (Action=...) requests to POST /.',
          ),
        );
      }
      return this.query(Buffer.from(url.search.slice(1), 'utf8'));
    }
    if (this.req.method !== 'POST') {
      return this.refuse(
        new ServiceError(
          'MethodNotAllowed',
          `Method ${this.req.method} is not allowed here; use POST.`,
          405,
          {
            allow: 'GET, POST',
          },
        ),
      );
    }
    const contentType = this.req.headers['content-type'];
    const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType === JSON_CONTENT_TYPE) return this.json();
    if (mediaType === FORM_CONTENT_TYPE) {
      this.protocol = 'query';
      this.log.protocol = 'query';
      return this.query(await this.readWireBody());
    }
    return this.refuse(
      new ServiceError(
        'UnsupportedMediaType',
        `${contentType ? `Content-Type ${contentType.slice(0, 200)} is not supported` : 'The request has no Content-Type'}: ` +
          `send ${JSON_CONTENT_TYPE} (with x-amz-target) or ${FORM_CONTENT_TYPE} (Action=...&Version=${API_VERSION}).`,
        415,
      ),
    );
  }

  /** AWS JSON 1.0: the operation is in a header, so faults are decided before the body is read. */
  private async json(): Promise<void> {
    this.protocol = 'json';
    this.log.protocol = 'json';
    const target = this.req.headers['x-amz-target'];
    if (typeof target !== 'string' || !target.startsWith(TARGET_PREFIX)) {
      return this.refuse(
        new ServiceError(
          'UnknownOperationException',
          target === undefined
            ? `The x-amz-target header is missing: JSON 1.0 requests name their operation there, e.g. ${TARGET_PREFIX}PutMetricData.`
            : `The x-amz-target header ${String(target).slice(0, 200)} is not a CloudWatch operation: expected ${TARGET_PREFIX}<Operation>.`,
        ),
      );
    }
    const name = target.slice(TARGET_PREFIX.length);
    const fault = this.arrive(name);
    const operation = findOperation(name);
    if (!operation) return this.refuse(unsupported(name));
    const wire = await this.readWireBody();
    const body = await this.inflate(wire, 'SerializationException');
    if (await this.applyFault(fault)) return;
    return this.execute(operation, fromJson(operation.input, parseJsonBody(body)));
  }

  /** Query: the operation is in the (form) body, so it is read and parsed before faults are decided. */
  private async query(wire: Buffer): Promise<void> {
    const body = await this.inflate(wire, 'MalformedQueryString');
    const form = parseForm(body.toString('utf8'));
    if (form.action === undefined || form.action === '') {
      return this.refuse(
        new ServiceError('MissingAction', 'The request has no Action parameter (e.g. Action=PutMetricData).'),
      );
    }
    const fault = this.arrive(form.action);
    if (form.action === 'PutMetricData') {
      this.counters.putBody(this.log.appId, wire.length);
      this.counters.putInflated(body.length);
    }
    const operation = findOperation(form.action);
    if (!operation) return this.refuse(unsupported(form.action));
    if (form.version !== API_VERSION) {
      return this.refuse(
        form.version === undefined
          ? new ServiceError(
              'MissingParameter',
              `The parameter Version is required (Version=${API_VERSION}).`,
            )
          : new ServiceError(
              'NoSuchVersion',
              `The API version ${form.version} does not exist; use ${API_VERSION}.`,
            ),
      );
    }
    if (await this.applyFault(fault)) return;
    return this.execute(operation, fromQuery(operation.input, form.root));
  }

  /** Counts an operation's arrival and draws its fault (PutMetricData only). */
  private arrive(operation: string): FaultKind | undefined {
    this.operation = operation;
    this.log.operation = operation;
    this.counters.operation(operation, this.log.appId);
    return operation === 'PutMetricData' ? this.service.faults.next() : undefined;
  }

  releaseBody(): void {
    this.service.releaseBody(this.reservedBodyBytes);
    this.reservedBodyBytes = 0;
  }

  /** Room for the body as declared (the cap when not declared), and for its inflated copy if gzip. */
  private bodyCost(): number {
    const max = this.service.options.maxBodyBytes;
    const declared = Number(this.req.headers['content-length']);
    const wire = Number.isFinite(declared) && declared >= 0 ? Math.min(declared, max) : max;
    const encoding = (this.req.headers['content-encoding'] ?? '').trim().toLowerCase();
    return wire + (encoding === 'gzip' || encoding === 'x-gzip' ? max : 0);
  }

  private async readWireBody(): Promise<Buffer> {
    const cost = this.bodyCost();
    if (!this.service.reserveBody(cost)) {
      throw new ServiceError(
        'Throttling',
        `Rate exceeded: cloudwatch-local already holds ${HELD_BODIES} requests' worth of bodies in memory; retry later.`,
        400,
        { connection: 'close' },
      );
    }
    this.reservedBodyBytes += cost;
    const wire = await readBody(this.req, this.service.options.maxBodyBytes);
    if (this.operation === 'PutMetricData') this.counters.putBody(this.log.appId, wire.length);
    return wire;
  }

  private async inflate(wire: Buffer, malformedCode: string): Promise<Buffer> {
    const encoding = (this.req.headers['content-encoding'] ?? '').trim().toLowerCase();
    let body = wire;
    if (encoding === 'gzip' || encoding === 'x-gzip') {
      body = await gunzipLimited(wire, this.service.options.maxBodyBytes, malformedCode);
    } else if (encoding !== '' && encoding !== 'identity') {
      throw new ServiceError(
        'UnsupportedMediaType',
        `Content-Encoding ${encoding} is not supported: send gzip or an uncompressed body.`,
        415,
      );
    }
    if (this.operation === 'PutMetricData') this.counters.putInflated(body.length);
    return body;
  }

  /** Answers with the injected fault; true when the request is finished with. */
  private async applyFault(fault: FaultKind | undefined): Promise<boolean> {
    if (!fault) return false;
    this.log.fault = fault;
    this.counters.fault(fault);
    switch (fault) {
      case 'throttle':
        this.send(new ServiceError('Throttling', 'Rate exceeded', 400));
        return true;
      case 'error':
        this.send(
          new ServiceError(
            'InternalServiceError',
            'Internal service error (a fault injected by cloudwatch-local).',
            500,
          ),
        );
        return true;
      case 'drop':
        this.req.socket.destroy();
        return true;
      case 'slow':
        await this.service.delay(this.service.options.slowResponseMs);
        if (this.service.stopped) {
          this.req.socket.destroy();
          return true;
        }
        return false;
    }
  }

  private execute(operation: Operation, input: unknown): void {
    const { output, tally } = operation.run(input, { store: this.service.store, nowMs: Date.now() });
    if (tally) this.counters.putAccepted(this.log.appId, tally);
    if (this.protocol === 'query') {
      this.write(200, 'text/xml', xmlResponse(operation.name, operation.output, output, this.requestId));
    } else {
      this.write(200, JSON_CONTENT_TYPE, JSON.stringify(toJson(operation.output, output)));
    }
  }

  /** Counts and answers an error. */
  refuse(error: ServiceError): void {
    if (this.operation === undefined) this.counters.malformedRequest();
    if (this.operation === 'PutMetricData') this.counters.putRejected();
    this.counters.rejection(error.code);
    this.send(error);
  }

  failUnexpectedly(error: unknown): void {
    if (error instanceof ClientGoneError) {
      if (this.operation === undefined) this.counters.malformedRequest();
      if (this.operation === 'PutMetricData') this.counters.putRejected();
      this.counters.rejection('ClientClosedConnection');
      return;
    }
    if (error instanceof ServiceError) {
      this.refuse(error);
      return;
    }
    this.refuse(
      new ServiceError(
        'InternalServiceError',
        `cloudwatch-local failed on this request: ${String(error)}`,
        500,
      ),
    );
  }

  private send(error: ServiceError): void {
    this.log.errorCode = error.code;
    const headers = { ...error.headers, 'x-amzn-query-error': `${error.code};${error.fault}` };
    if (this.protocol === 'query') {
      this.write(error.status, 'text/xml', xmlError(error, this.requestId), headers);
    } else {
      this.write(
        error.status,
        this.protocol === 'json' ? JSON_CONTENT_TYPE : 'application/json',
        jsonErrorBody(error),
        headers,
      );
    }
  }

  private write(
    status: number,
    contentType: string,
    body: string,
    headers: Record<string, string> = {},
  ): void {
    if (this.res.headersSent || this.res.destroyed) return;
    this.res.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': this.requestId,
      ...headers,
    });
    this.res.end(body);
  }

  private admin(path: string): void {
    this.log.protocol = 'admin';
    const routes: Record<string, [string, () => unknown]> = {
      '/_cwagg/stats': ['GET', () => this.service.stats()],
      '/_cwagg/health': ['GET', () => ({ status: 'ok' })],
      '/_cwagg/reset': [
        'POST',
        () => {
          this.service.reset();
          return { reset: true };
        },
      ],
    };
    const route = routes[path];
    if (!route) {
      this.send(
        new ServiceError(
          'NotFound',
          `No such control path ${path.slice(0, 200)}: try ${Object.keys(routes).join(', ')}.`,
          404,
        ),
      );
      return;
    }
    const [method, run] = route;
    if (this.req.method !== method) {
      this.send(
        new ServiceError('MethodNotAllowed', `${path} answers ${method} only.`, 405, { allow: method }),
      );
      return;
    }
    this.write(200, 'application/json', `${JSON.stringify(run())}\n`);
  }
}

function unsupported(operation: string): ServiceError {
  return new ServiceError(
    'InvalidAction',
    `The operation ${operation.slice(0, 100)} is not served by cloudwatch-local; it serves ${SUPPORTED_LIST}.`,
  );
}

/** Starts a local CloudWatch metrics endpoint; resolves once it listens. */
export async function startCloudWatchLocal(options: CloudWatchLocalOptions = {}): Promise<CloudWatchLocal> {
  const resolved = resolveOptions(options);
  const service = new Service(resolved);
  const server = createServer((req, res) => {
    void service.handle(req, res);
  });
  server.headersTimeout = HEADERS_TIMEOUT_MS;
  server.requestTimeout = REQUEST_TIMEOUT_MS;
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      reject(
        new Error(`cloudwatch-local cannot listen on ${resolved.host}:${resolved.port}: ${error.message}`, {
          cause: error,
        }),
      );
    };
    server.once('error', onError);
    server.listen(resolved.port, resolved.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = resolved.host.includes(':') ? `[${resolved.host}]` : resolved.host;
  let stopping: Promise<void> | undefined;
  return {
    endpoint: `http://${hostInUrl}:${port}`,
    port,
    host: resolved.host,
    stats: () => service.stats(),
    reset: () => service.reset(),
    stop: () => {
      stopping ??= new Promise<void>((resolve) => {
        service.stopped = true;
        service.cancelDelays();
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return stopping;
    },
  };
}
