import type { FormNode } from '../coerce.js';
import { ServiceError } from '../service-error.js';
import type { Shape } from '../shapes.js';

/** The classic AWS Query protocol: form-encoded requests, XML answers (AWS CLI v1, older SDKs, the agent). */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const API_VERSION = '2010-08-01';
export const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

export interface ParsedForm {
  root: FormNode;
  action: string | undefined;
  version: string | undefined;
}

/**
 * Dots in one parameter name, at most: the deepest name of the operations served has 10 segments
 * (`EntityMetricData.member.2.MetricData.member.7.Dimensions.member.30.Value`). Without a cap, one name of
 * 500,000 segments built 500,000 nested nodes from a 1 MB body.
 */
export const MAX_PARAMETER_NAME_SEGMENTS = 16;

function decodeComponent(text: string, position: number): string {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    throw new ServiceError(
      'MalformedQueryString',
      `The form body has a malformed percent-encoding in parameter number ${position}: ${text.slice(0, 80)}`,
    );
  }
}

/** Parses `a.b.member.1=x&...` strictly: bad escapes, empty key segments and repeated keys are errors. */
export function parseForm(text: string): ParsedForm {
  const root: FormNode = { children: new Map() };
  const seen = new Set<string>();
  let action: string | undefined;
  let version: string | undefined;
  const pairs = text.split('&');
  for (let i = 0; i < pairs.length; i++) {
    const pair = pairs[i] as string;
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decodeComponent(eq < 0 ? pair : pair.slice(0, eq), i + 1);
    const value = eq < 0 ? '' : decodeComponent(pair.slice(eq + 1), i + 1);
    if (seen.has(key)) {
      throw new ServiceError('MalformedQueryString', `The parameter ${key} appears more than once.`);
    }
    seen.add(key);
    if (key === 'Action') {
      action = value;
      continue;
    }
    if (key === 'Version') {
      version = value;
      continue;
    }
    const segments = key.split('.', MAX_PARAMETER_NAME_SEGMENTS + 1);
    if (segments.length > MAX_PARAMETER_NAME_SEGMENTS) {
      throw new ServiceError(
        'MalformedQueryString',
        `The parameter name "${key.slice(0, 200)}" has more than ${MAX_PARAMETER_NAME_SEGMENTS} dot-separated segments; ` +
          'no parameter of the CloudWatch API is that deep.',
      );
    }
    if (segments.some((s) => s === '')) {
      throw new ServiceError(
        'MalformedQueryString',
        `The parameter name "${key.slice(0, 200)}" is malformed.`,
      );
    }
    let node = root;
    for (const segment of segments) {
      let next = node.children.get(segment);
      if (!next) {
        next = { children: new Map() };
        node.children.set(segment, next);
      }
      node = next;
    }
    node.value = value;
  }
  return { root, action, version };
}

const XML_ENTITIES: Record<string, string> = {
  '<': '&lt;',
  '>': '&gt;',
  '&': '&amp;',
  "'": '&apos;',
  '"': '&quot;',
};

export function escapeXml(text: string): string {
  return (
    text
      .replace(/[<>&'"]/g, (c) => XML_ENTITIES[c] ?? c)
      // Characters XML 1.0 cannot carry at all are written as U+FFFD.
      // biome-ignore lint/suspicious/noControlCharactersInRegex: replacing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '\uFFFD')
  );
}

function isoTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

/** Writes a value as the XML element `name` following its shape (lists as `<member>`, maps as `<entry>`). */
export function toXml(shape: Shape, value: unknown, name: string): string {
  if (value === undefined || value === null) return '';
  switch (shape.kind) {
    case 'timestamp':
      return `<${name}>${isoTimestamp(value as number)}</${name}>`;
    case 'list':
      return `<${name}>${(value as unknown[]).map((item) => toXml(shape.member, item, 'member')).join('')}</${name}>`;
    case 'map': {
      const entries = Object.entries(value as Record<string, unknown>).map(
        ([key, item]) => `<entry><key>${escapeXml(key)}</key>${toXml(shape.value, item, 'value')}</entry>`,
      );
      return `<${name}>${entries.join('')}</${name}>`;
    }
    case 'struct': {
      const source = value as Record<string, unknown>;
      const inner = Object.entries(shape.members)
        .map(([member, memberShape]) => toXml(memberShape, source[member], member))
        .join('');
      return `<${name}>${inner}</${name}>`;
    }
    default:
      return `<${name}>${escapeXml(String(value))}</${name}>`;
  }
}

export function xmlResponse(operation: string, shape: Shape, output: unknown, requestId: string): string {
  const result =
    shape.kind === 'struct' && Object.keys(shape.members).length === 0
      ? ''
      : toXml(shape, output, `${operation}Result`);
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<${operation}Response xmlns="${XML_NAMESPACE}">${result}` +
    `<ResponseMetadata><RequestId>${requestId}</RequestId></ResponseMetadata></${operation}Response>\n`
  );
}

export function xmlError(error: ServiceError, requestId: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse xmlns="${XML_NAMESPACE}"><Error>` +
    `<Type>${error.fault}</Type><Code>${escapeXml(error.code)}</Code><Message>${escapeXml(error.message)}</Message>` +
    `</Error><RequestId>${requestId}</RequestId></ErrorResponse>\n`
  );
}
