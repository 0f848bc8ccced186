import { CloudWatchClient, type CloudWatchClientConfig } from '@aws-sdk/client-cloudwatch';
import { AwsQueryProtocol, AwsSmithyRpcV2CborProtocol } from '@aws-sdk/core/protocols';

/** An unmodified SDK client pointed at the local endpoint, with explicit region and dummy credentials. */
export function sdkClient(endpoint: string, extra: Partial<CloudWatchClientConfig> = {}): CloudWatchClient {
  return new CloudWatchClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    ...extra,
  });
}

/**
 * The three wire protocols the SDK can speak to CloudWatch: its default (AWS JSON 1.0), Smithy RPC v2
 * CBOR (which the newest service model lists first) and the classic Query protocol.
 */
export const SDK_PROTOCOLS = {
  json: {},
  cbor: { protocol: AwsSmithyRpcV2CborProtocol },
  query: { protocol: AwsQueryProtocol },
} as const satisfies Record<string, Partial<CloudWatchClientConfig>>;

export type SdkProtocol = keyof typeof SDK_PROTOCOLS;

let counter = 0;
/** A namespace no other test uses, so tests sharing a server never see each other's data. */
export function uniqueNamespace(prefix = 'Test'): string {
  counter += 1;
  return `${prefix}/${process.pid}/${counter}`;
}

/** A whole minute ten minutes ago: well inside the accepted timestamp window, away from minute edges. */
export function minuteAgo(minutes = 10): Date {
  const now = Date.now();
  return new Date(Math.floor(now / 60_000) * 60_000 - minutes * 60_000);
}

export interface RawResponse {
  status: number;
  headers: Headers;
  text: string;
}

/** A JSON 1.0 request as the SDK would send it, for cases the SDK would refuse to build. */
export async function jsonRequest(
  endpoint: string,
  operation: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse & { code: string | undefined; json: Record<string, unknown> }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `GraniteServiceVersion20100801.${operation}`,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    text,
    code: response.headers.get('x-amzn-query-error')?.split(';')[0],
    json: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** Builds a Query-protocol form body; arrays of [key, value] keep their order. */
export function formBody(params: Record<string, string | number> | Array<[string, string | number]>): string {
  const entries = Array.isArray(params) ? params : Object.entries(params);
  return entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&');
}

export async function queryRequest(
  endpoint: string,
  params: Record<string, string | number> | Array<[string, string | number]>,
): Promise<RawResponse & { xml: XmlElement }> {
  const response = await fetch(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8' },
    body: formBody(params),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, xml: parseXml(text) };
}

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', apos: "'", quot: '"' };

function decodeEntities(text: string): string {
  return text.replace(/&(#\d+|\w+);/g, (whole, name: string) =>
    name.startsWith('#') ? String.fromCharCode(Number(name.slice(1))) : (ENTITIES[name] ?? whole),
  );
}

/** A strict little XML reader for the answers under test: throws on unbalanced or stray markup. */
export function parseXml(text: string): XmlElement {
  const source = text.replace(/^<\?xml[^?]*\?>/, '').trim();
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' };
  const stack: XmlElement[] = [root];
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[\w:.-]+="[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let match: RegExpExecArray | null;
  let consumed = 0;
  for (match = tag.exec(source); match; match = tag.exec(source)) {
    consumed = tag.lastIndex;
    const [, closing, name, attrs, selfClosing, content] = match;
    const current = stack[stack.length - 1] as XmlElement;
    if (content !== undefined) {
      current.text += decodeEntities(content);
    } else if (closing) {
      if (current.name !== name) throw new Error(`XML: </${name}> closes <${current.name}>`);
      stack.pop();
    } else {
      const attributes: Record<string, string> = {};
      for (const [, key, value] of (attrs ?? '').matchAll(/([\w:.-]+)="([^"]*)"/g)) {
        attributes[key as string] = decodeEntities(value as string);
      }
      const element: XmlElement = { name: name as string, attributes, children: [], text: '' };
      current.children.push(element);
      if (!selfClosing) stack.push(element);
    }
  }
  if (consumed !== source.length || stack.length !== 1) throw new Error(`XML: malformed document: ${text}`);
  const [top] = root.children;
  if (!top || root.children.length !== 1) throw new Error('XML: expected exactly one root element');
  return top;
}

/** The child elements at a slash-separated path, e.g. `GetMetricDataResult/MetricDataResults/member`. */
export function xmlAll(element: XmlElement, path: string): XmlElement[] {
  let current = [element];
  for (const name of path.split('/'))
    current = current.flatMap((e) => e.children.filter((c) => c.name === name));
  return current;
}

export function xmlText(element: XmlElement, path: string): string | undefined {
  return xmlAll(element, path)[0]?.text;
}
