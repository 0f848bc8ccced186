/**
 * One request and its answer: which protocol and operation it is, its body read within the caps, its
 * fault drawn, the operation run, and the answer written in the request's protocol.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerControl } from './admin.js';
import { type Answer, errorAnswer, type Protocol, successAnswer } from './answers.js';
import { type BodyHolder, HELD_BODIES } from './body-budget.js';
import { fromJson, fromQuery } from './coerce.js';
import type { Counters } from './counters.js';
import type { FaultKind } from './faults.js';
import { bodyCost, ClientGoneError, decodeContent, readBody } from './http-body.js';
import { findOperation, type Operation, unsupportedOperation } from './operations/index.js';
import type { RequestLogEntry } from './options.js';
import {
  CBOR_CONTENT_TYPE,
  CBOR_PATH_PREFIX,
  operationFromPath,
  parseCborBody,
  SMITHY_PROTOCOL,
  SMITHY_PROTOCOL_HEADER,
} from './protocols/cbor.js';
import { JSON_CONTENT_TYPE, parseJsonBody, TARGET_PREFIX } from './protocols/json.js';
import { API_VERSION, FORM_CONTENT_TYPE, formTree, parseForm } from './protocols/query.js';
import { requestUrl } from './request-target.js';
import type { Service } from './service.js';
import { ServiceError } from './service-error.js';

export class Exchange implements BodyHolder {
  private protocol: Protocol | undefined;
  private operation: string | undefined;
  private readonly requestId = randomUUID();
  /** Given up on to make room (see abandon): its connection closing is no further news. */
  private abandoned = false;

  constructor(
    private readonly service: Service,
    private readonly req: IncomingMessage,
    private readonly res: ServerResponse,
    private readonly log: RequestLogEntry,
  ) {}

  private get counters(): Counters {
    return this.service.counters;
  }

  async route(): Promise<void> {
    const url = requestUrl(this.req.url ?? '/');
    this.log.path = url.pathname;
    const control = url.pathname.startsWith('/_cwagg/');
    // Known first, so that every answer, a refusal included, comes in the protocol the client reads.
    const protocol = control ? undefined : this.protocolOf();
    if (protocol) this.useProtocol(protocol);
    const forbidden = this.service.origins.problem(this.req.headers);
    if (forbidden) return this.refuse(forbidden);
    if (control) return this.control(url.pathname);
    if (url.pathname.startsWith(CBOR_PATH_PREFIX)) return this.cbor(url.pathname);
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
      this.useProtocol('query');
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
      this.useProtocol('query');
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

  /** The protocol the request speaks, from its method and content type, when it names one. */
  private protocolOf(): Protocol | undefined {
    if (this.req.url?.startsWith(CBOR_PATH_PREFIX)) return 'cbor';
    if (this.req.method === 'GET') return 'query';
    const mediaType = (this.req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
    if (mediaType === JSON_CONTENT_TYPE) return 'json';
    if (mediaType === FORM_CONTENT_TYPE) return 'query';
    return undefined;
  }

  private useProtocol(protocol: Protocol): void {
    this.protocol = protocol;
    this.log.protocol = protocol;
  }

  /** AWS JSON 1.0: the operation is in a header, so faults are decided before the body is read. */
  private async json(): Promise<void> {
    this.useProtocol('json');
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
    return this.rpc(target.slice(TARGET_PREFIX.length), (operation, body) =>
      fromJson(operation.input, parseJsonBody(body)),
    );
  }

  /** Smithy RPC v2 CBOR: the operation is in the path; the same checks as JSON 1.0 on a CBOR body. */
  private async cbor(path: string): Promise<void> {
    this.useProtocol('cbor');
    if (this.req.method !== 'POST') {
      return this.refuse(
        new ServiceError(
          'MethodNotAllowed',
          `Method ${this.req.method} is not allowed here; use POST.`,
          405,
          {
            allow: 'POST',
          },
        ),
      );
    }
    const name = operationFromPath(path);
    if (this.req.headers[SMITHY_PROTOCOL_HEADER] !== SMITHY_PROTOCOL) {
      return this.refuse(
        new ServiceError(
          'MissingProtocolHeader',
          `RPC v2 CBOR requests carry the header ${SMITHY_PROTOCOL_HEADER}: ${SMITHY_PROTOCOL}.`,
        ),
      );
    }
    const mediaType = (this.req.headers['content-type'] ?? CBOR_CONTENT_TYPE)
      .split(';')[0]
      ?.trim()
      .toLowerCase();
    if (mediaType !== CBOR_CONTENT_TYPE) {
      return this.refuse(
        new ServiceError(
          'UnsupportedMediaType',
          `RPC v2 CBOR bodies are ${CBOR_CONTENT_TYPE}, not ${mediaType?.slice(0, 100)}.`,
          415,
        ),
      );
    }
    return this.rpc(name, (operation, body) =>
      fromJson(operation.input, parseCborBody(body), '', 'CBOR map'),
    );
  }

  /** An operation named before its body is read: counted, its fault drawn, then its body read and decoded. */
  private async rpc(name: string, decode: (operation: Operation, body: Buffer) => unknown): Promise<void> {
    const fault = this.arrive(name);
    const operation = findOperation(name);
    if (!operation) return this.refuse(unsupportedOperation(name));
    const wire = await this.readWireBody();
    const body = await this.inflate(wire, 'SerializationException');
    if (await this.applyFault(fault)) return;
    return this.execute(operation, decode(operation, body));
  }

  /** Query: the operation is in the (form) body, so it is read and parsed before faults are decided. */
  private async query(wire: Buffer): Promise<void> {
    const body = await this.inflate(wire, 'MalformedQueryString');
    const form = parseForm(body.toString('utf8'), this.service.options.maxBodyBytes);
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
    if (!operation) return this.refuse(unsupportedOperation(form.action));
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
    return this.execute(operation, fromQuery(operation.input, formTree(form.pairs, operation.input)));
  }

  /** Counts an operation's arrival and draws its fault (PutMetricData only). */
  private arrive(operation: string): FaultKind | undefined {
    this.operation = operation;
    this.log.operation = operation;
    this.counters.operation(operation, this.log.appId);
    return operation === 'PutMetricData' ? this.service.faults.next() : undefined;
  }

  releaseBody(): void {
    this.service.bodies.release(this);
  }

  /** Its body stalled while another needs the room: answered 408 and its connection closed. */
  abandon(): void {
    this.abandoned = true;
    this.refuse(
      new ServiceError(
        'RequestTimeout',
        'The request body stalled while cloudwatch-local needed the room for other requests; send it again.',
        408,
        { connection: 'close' },
      ),
    );
    // Closed on the next turn, once the small answer has been handed to the socket: reading stops, and the
    // chunks received so far go with the request.
    const socket = this.req.socket;
    setImmediate(() => socket.destroy());
  }

  /** Reads the body within the room reserved for it (refused with Throttling when there is none). */
  private async readWireBody(): Promise<Buffer> {
    const { bodies, connections, options } = this.service;
    if (!bodies.reserve(this, bodyCost(this.req, options.maxBodyBytes))) {
      throw new ServiceError(
        'Throttling',
        `Rate exceeded: cloudwatch-local already holds ${HELD_BODIES} requests' worth of bodies in memory; retry later.`,
        400,
        { connection: 'close' },
      );
    }
    connections.bodyArriving(this.req.socket);
    let wire: Buffer;
    try {
      wire = await readBody(this.req, options.maxBodyBytes);
    } finally {
      bodies.arrived(this);
      connections.bodyArrived(this.req.socket);
    }
    if (this.operation === 'PutMetricData') this.counters.putBody(this.log.appId, wire.length);
    return wire;
  }

  private async inflate(wire: Buffer, malformedCode: string): Promise<Buffer> {
    const body = await decodeContent(this.req, wire, this.service.options.maxBodyBytes, malformedCode);
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
    const { output, tally, headers } = operation.run(input, {
      store: this.service.store,
      nowMs: Date.now(),
      allowAwsNamespaces: this.service.options.allowAwsNamespaces,
    });
    if (tally) this.counters.putAccepted(this.log.appId, tally);
    this.write(successAnswer(this.protocol ?? 'json', operation, output, this.requestId, headers));
  }

  /** Counts and answers an error. */
  refuse(error: ServiceError): void {
    if (this.operation === undefined) this.counters.malformedRequest();
    if (this.operation === 'PutMetricData') this.counters.putRejected();
    this.counters.rejection(error.code);
    this.send(error);
  }

  failUnexpectedly(error: unknown): void {
    if (this.abandoned) return;
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
    this.write(errorAnswer(this.protocol, error, this.requestId));
  }

  private write({ status, contentType, body, headers }: Answer): void {
    if (this.res.headersSent || this.res.destroyed) return;
    this.res.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(body),
      'x-amzn-requestid': this.requestId,
      ...headers,
    });
    this.res.end(body);
  }

  private control(path: string): void {
    this.log.protocol = 'admin';
    const answer = answerControl(this.service, this.req.method ?? '', path);
    if ('error' in answer) {
      this.send(answer.error);
      return;
    }
    this.write({
      status: 200,
      contentType: 'application/json',
      body: `${JSON.stringify(answer.body)}\n`,
      headers: {},
    });
  }
}
