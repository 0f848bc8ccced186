/** Answers in each wire protocol: an operation's output, or an error, as status, content type and body. */
import type { Operation } from './operations/index.js';
import {
  CBOR_CONTENT_TYPE,
  cborBody,
  cborErrorBody,
  SMITHY_PROTOCOL,
  SMITHY_PROTOCOL_HEADER,
} from './protocols/cbor.js';
import { JSON_CONTENT_TYPE, jsonErrorBody, toJson } from './protocols/json.js';
import { xmlError, xmlResponse } from './protocols/query.js';
import type { ServiceError } from './service-error.js';

export type Protocol = 'json' | 'query' | 'cbor';

export interface Answer {
  status: number;
  contentType: string;
  body: string | Buffer;
  headers: Record<string, string>;
}

/** Every RPC v2 answer names its protocol; the SDK refuses one that does not. */
const CBOR_HEADERS = { [SMITHY_PROTOCOL_HEADER]: SMITHY_PROTOCOL };

export function successAnswer(
  protocol: Protocol,
  operation: Operation,
  output: unknown,
  requestId: string,
  headers: Record<string, string> = {},
): Answer {
  switch (protocol) {
    case 'query':
      return {
        status: 200,
        contentType: 'text/xml',
        body: xmlResponse(operation.name, operation.output, output, requestId),
        headers,
      };
    case 'cbor':
      return {
        status: 200,
        contentType: CBOR_CONTENT_TYPE,
        body: cborBody(operation.output, output),
        headers: { ...headers, ...CBOR_HEADERS },
      };
    case 'json':
      return {
        status: 200,
        contentType: JSON_CONTENT_TYPE,
        body: JSON.stringify(toJson(operation.output, output)),
        headers,
      };
  }
}

/** An error in the request's protocol; JSON when no protocol could be read from it. */
export function errorAnswer(protocol: Protocol | undefined, error: ServiceError, requestId: string): Answer {
  // Query-compatible services name the Query error code here, in every protocol; the SDK reads it first.
  const headers = { ...error.headers, 'x-amzn-query-error': `${error.code};${error.fault}` };
  const status = error.status;
  switch (protocol) {
    case 'query':
      return { status, contentType: 'text/xml', body: xmlError(error, requestId), headers };
    case 'cbor':
      return {
        status,
        contentType: CBOR_CONTENT_TYPE,
        body: cborErrorBody(error),
        headers: { ...headers, ...CBOR_HEADERS },
      };
    case 'json':
      return { status, contentType: JSON_CONTENT_TYPE, body: jsonErrorBody(error), headers };
    case undefined:
      return { status, contentType: 'application/json', body: jsonErrorBody(error), headers };
  }
}
