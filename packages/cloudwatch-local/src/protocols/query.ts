import type { FormNode } from '../coerce.js';
import { ServiceError } from '../service-error.js';
import type { Shape } from '../shapes.js';

/** The classic AWS Query protocol: form-encoded requests, XML answers (AWS CLI v1, older SDKs, the agent). */
export const FORM_CONTENT_TYPE = 'application/x-www-form-urlencoded';
export const API_VERSION = '2010-08-01';
export const XML_NAMESPACE = 'http://monitoring.amazonaws.com/doc/2010-08-01/';

export interface ParsedForm {
  /** Every parameter but Action and Version, as its name's segments and its value, in body order. */
  pairs: Array<[segments: string[], value: string]>;
  action: string | undefined;
  version: string | undefined;
}

/**
 * Dots in one parameter name, at most: the deepest name of the operations served has 10 segments
 * (`EntityMetricData.member.2.MetricData.member.7.Dimensions.member.30.Value`). Without a cap, one name of
 * 500,000 segments built 500,000 nested nodes from a 1 MB body.
 */
export const MAX_PARAMETER_NAME_SEGMENTS = 16;

/**
 * Parameters in one form body, at most, per byte of the body cap: the shortest parameter a request can
 * repeat (`MetricData.member.1.Value=1&`) takes 27 bytes, so a real request never comes near one per 16
 * bytes, while a body of 150,000 made-up names cost hundreds of megabytes to take apart.
 */
export const BODY_BYTES_PER_PARAMETER = 16;

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

/**
 * Parses `a.b.member.1=x&...` strictly: bad escapes, empty or too many name segments, repeated names and
 * more than maxBodyBytes / BODY_BYTES_PER_PARAMETER parameters are errors.
 */
export function parseForm(text: string, maxBodyBytes: number): ParsedForm {
  const seen = new Set<string>();
  const pairs: ParsedForm['pairs'] = [];
  let action: string | undefined;
  let version: string | undefined;
  const parts = text.split('&');
  const maxParameters = Math.max(1_024, Math.floor(maxBodyBytes / BODY_BYTES_PER_PARAMETER));
  if (parts.length > maxParameters) {
    throw new ServiceError(
      'MalformedQueryString',
      `The form body has ${parts.length} parameters; cloudwatch-local takes at most ${maxParameters} ` +
        `(one per ${BODY_BYTES_PER_PARAMETER} bytes of its ${maxBodyBytes}-byte body cap).`,
    );
  }
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i] as string;
    if (part === '') continue;
    const eq = part.indexOf('=');
    const key = decodeComponent(eq < 0 ? part : part.slice(0, eq), i + 1);
    const value = eq < 0 ? '' : decodeComponent(part.slice(eq + 1), i + 1);
    if (seen.has(key)) {
      throw new ServiceError(
        'MalformedQueryString',
        `The parameter ${key.slice(0, 200)} appears more than once.`,
      );
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
    pairs.push([segments, value]);
  }
  return { pairs, action, version };
}

/**
 * Whether a parameter name can belong to a shape: each structure member must exist; lists go through
 * `member.N` and maps through `entry.N.key|value`. Names that go wrong inside a list or map are kept, for
 * fromQuery to refuse with a clear message; only unknown structure members are left out.
 */
function namesAMember(input: Shape, segments: readonly string[]): boolean {
  let shape: Shape | undefined = input;
  let i = 0;
  while (shape !== undefined && i < segments.length) {
    const segment = segments[i] as string;
    switch (shape.kind) {
      case 'struct':
        if (!Object.hasOwn(shape.members, segment)) return false;
        shape = shape.members[segment];
        i += 1;
        break;
      case 'list':
        if (segment !== 'member') return true;
        shape = shape.member;
        i += 2;
        break;
      case 'map':
        if (segment !== 'entry' || segments[i + 2] !== 'value') return true;
        shape = shape.value;
        i += 3;
        break;
      default:
        return true;
    }
  }
  return true;
}

/**
 * The parameters of an operation as a tree of nodes, following its input shape: a name that is no member
 * of a structure is ignored, as AWS ignores parameters it does not know (a signed Query request carries
 * AWSAccessKeyId, Signature and the like), and costs no node. Below lists and maps every name is kept, for
 * fromQuery to check.
 */
export function formTree(pairs: ParsedForm['pairs'], input: Shape): FormNode {
  const root: FormNode = {};
  for (const [segments, value] of pairs) {
    if (!namesAMember(input, segments)) continue;
    let node = root;
    for (const segment of segments) {
      node.children ??= new Map();
      let child = node.children.get(segment);
      if (!child) {
        child = {};
        node.children.set(segment, child);
      }
      node = child;
    }
    node.value = value;
  }
  return root;
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
