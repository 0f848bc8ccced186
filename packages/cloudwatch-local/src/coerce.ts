import { invalidValue, missingParameter, ServiceError } from './service-error.js';
import type { Shape } from './shapes.js';

/**
 * Turns a request as decoded from either wire protocol into the plain typed object the operations use:
 * numbers are numbers (NaN included, validation decides), timestamps are epoch milliseconds, lists are
 * arrays. Error messages name fields in the Query style (`MetricData.member.3.Value`) whatever the protocol,
 * as CloudWatch does.
 */

/** A parsed form body: `a.b.member.1=x` becomes nested nodes; `value` holds a leaf's text. */
export interface FormNode {
  value?: string;
  /** Absent on leaves, which are most nodes: a Map each would cost more than the text it holds. */
  children?: Map<string, FormNode>;
}

const NO_CHILDREN: ReadonlyMap<string, FormNode> = new Map();

function kids(node: FormNode): ReadonlyMap<string, FormNode> {
  return node.children ?? NO_CHILDREN;
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const SPECIAL_DOUBLES: Record<string, number> = {
  NaN: Number.NaN,
  Infinity: Number.POSITIVE_INFINITY,
  '+Infinity': Number.POSITIVE_INFINITY,
  '-Infinity': Number.NEGATIVE_INFINITY,
};
const ISO_8601 = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

function child(path: string, name: string): string {
  return path === '' ? name : `${path}.${name}`;
}

function parseDouble(text: string, path: string): number {
  const special = SPECIAL_DOUBLES[text];
  if (special !== undefined) return special;
  if (!DECIMAL.test(text)) throw invalidValue(path, text, 'It must be a number.');
  return Number(text);
}

/** The largest distance from the epoch a Date holds, in milliseconds (about 275,760 years). */
const MAX_TIMESTAMP_MS = 8.64e15;

/** Epoch seconds as milliseconds, refused when no Date holds them (a later toISOString would throw). */
function epochSecondsToMs(seconds: number, path: string, shown: unknown): number {
  const ms = Math.round(seconds * 1000);
  if (!(Math.abs(ms) <= MAX_TIMESTAMP_MS)) {
    throw invalidValue(path, shown, 'It is outside the range of dates (years -271821 to 275760).');
  }
  return ms;
}

function parseTimestampText(text: string, path: string): number {
  if (DECIMAL.test(text)) return epochSecondsToMs(Number(text), path, text);
  if (!ISO_8601.test(text)) {
    throw invalidValue(path, text, 'It must be an ISO 8601 timestamp such as 2024-01-31T12:00:00Z.');
  }
  let normalized = text.replace(/([+-]\d{2})(\d{2})$/, '$1:$2');
  // A date-time without an offset is UTC for AWS; JavaScript would read it as local time.
  if (/T/i.test(normalized) && !/(Z|[+-]\d{2}:\d{2})$/i.test(normalized)) normalized += 'Z';
  const ms = Date.parse(normalized);
  if (Number.isNaN(ms)) throw invalidValue(path, text, 'It is not a valid date.');
  return ms;
}

function checkRequired(
  shape: Extract<Shape, { kind: 'struct' }>,
  out: Record<string, unknown>,
  path: string,
) {
  for (const name of shape.required ?? []) {
    if (out[name] === undefined) throw missingParameter(child(path, name));
  }
}

/** From JSON 1.0 and from RPC v2 CBOR (decoded to the same kinds of values); `body` names the format. */
export function fromJson(shape: Shape, value: unknown, path = '', body = 'JSON object'): unknown {
  if (value === null || value === undefined) {
    // A body of `null` is not an empty input: it was a 500 before this check.
    if (path === '') throw new ServiceError('SerializationException', `The request body must be a ${body}.`);
    return undefined;
  }
  switch (shape.kind) {
    case 'string':
      if (typeof value !== 'string') throw invalidValue(path, value, 'It must be a string.');
      return value;
    case 'double':
      if (typeof value === 'number') return value;
      // AWS JSON protocols carry NaN and the infinities as strings.
      if (typeof value === 'string' && value in SPECIAL_DOUBLES) return SPECIAL_DOUBLES[value];
      throw invalidValue(path, value, 'It must be a number.');
    case 'integer':
      if (typeof value !== 'number' || !Number.isSafeInteger(value)) {
        throw invalidValue(path, value, 'It must be an integer.');
      }
      return value;
    case 'boolean':
      if (typeof value !== 'boolean') throw invalidValue(path, value, 'It must be true or false.');
      return value;
    case 'timestamp':
      if (typeof value === 'number' && Number.isFinite(value)) return epochSecondsToMs(value, path, value);
      if (typeof value === 'string') return parseTimestampText(value, path);
      throw invalidValue(path, value, 'It must be a timestamp in epoch seconds.');
    case 'list': {
      if (!Array.isArray(value)) throw invalidValue(path, value, 'It must be a list.');
      return value.map((item, i) => {
        const itemPath = child(path, `member.${i + 1}`);
        const out = fromJson(shape.member, item, itemPath);
        if (out === undefined) throw missingParameter(itemPath, 'A list must not contain null.');
        return out;
      });
    }
    case 'map': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw invalidValue(path, value, 'It must be an object.');
      }
      const out: Record<string, unknown> = {};
      for (const [key, item] of Object.entries(value))
        out[key] = fromJson(shape.value, item, child(path, key));
      return out;
    }
    case 'struct': {
      if (typeof value !== 'object' || Array.isArray(value)) {
        if (path === '')
          throw new ServiceError('SerializationException', `The request body must be a ${body}.`);
        throw invalidValue(path, value, 'It must be an object.');
      }
      const source = value as Record<string, unknown>;
      const out: Record<string, unknown> = {};
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const member = fromJson(memberShape, source[name], child(path, name));
        if (member !== undefined) out[name] = member;
      }
      checkRequired(shape, out, path);
      return out;
    }
  }
}

/** Children of a list or map node (`member.N` / `entry.N`), ordered by their 1-based index. */
function indexedChildren(node: FormNode, marker: string, path: string): FormNode[] {
  if (node.value !== undefined && kids(node).size === 0) {
    // `Statistics=` is how the Query protocol spells an empty list.
    if (node.value === '') return [];
    throw invalidValue(path, node.value, `A list is sent as ${path}.${marker}.1, ${path}.${marker}.2, ...`);
  }
  const holder = kids(node).get(marker);
  if (!holder || kids(node).size !== 1) {
    const unexpected = [...kids(node).keys()].find((k) => k !== marker) ?? marker;
    throw new ServiceError(
      'MalformedQueryString',
      `Unexpected parameter ${path}.${unexpected}: the entries of ${path} are sent as ${path}.${marker}.N.`,
    );
  }
  const entries = [...kids(holder).entries()].map(([index, item]) => {
    if (!/^[1-9]\d{0,5}$/.test(index)) {
      throw new ServiceError(
        'MalformedQueryString',
        `Unexpected parameter ${path}.${marker}.${index}: list positions are whole numbers from 1.`,
      );
    }
    return [Number(index), item] as const;
  });
  return entries.sort((a, b) => a[0] - b[0]).map(([, item]) => item);
}

function leafText(node: FormNode, path: string): string {
  if (node.value === undefined || kids(node).size > 0) {
    const sub = [...kids(node).keys()][0];
    throw new ServiceError(
      'MalformedQueryString',
      `Unexpected parameter ${path}.${sub}: ${path} is a single value, not a structure or list.`,
    );
  }
  return node.value;
}

export function fromQuery(shape: Shape, node: FormNode | undefined, path = ''): unknown {
  if (node === undefined) return undefined;
  switch (shape.kind) {
    case 'string':
      return leafText(node, path);
    case 'double':
      return parseDouble(leafText(node, path), path);
    case 'integer': {
      const text = leafText(node, path);
      if (!/^[+-]?\d{1,15}$/.test(text)) throw invalidValue(path, text, 'It must be an integer.');
      return Number(text);
    }
    case 'boolean': {
      const text = leafText(node, path);
      if (text !== 'true' && text !== 'false') throw invalidValue(path, text, 'It must be true or false.');
      return text === 'true';
    }
    case 'timestamp':
      return parseTimestampText(leafText(node, path), path);
    case 'list':
      return indexedChildren(node, 'member', path).map((item, i) =>
        fromQuery(shape.member, item, child(path, `member.${i + 1}`)),
      );
    case 'map': {
      const out: Record<string, unknown> = {};
      indexedChildren(node, 'entry', path).forEach((entry, i) => {
        const entryPath = child(path, `entry.${i + 1}`);
        const key = fromQuery({ kind: 'string' }, kids(entry).get('key'), `${entryPath}.key`);
        if (typeof key !== 'string') throw missingParameter(`${entryPath}.key`);
        out[key] = fromQuery(shape.value, kids(entry).get('value'), `${entryPath}.value`);
      });
      return out;
    }
    case 'struct': {
      if (node.value !== undefined && kids(node).size === 0 && path !== '') {
        throw new ServiceError(
          'MalformedQueryString',
          `Parameter ${path} is a structure: send its fields as ${path}.<Field>.`,
        );
      }
      const out: Record<string, unknown> = {};
      for (const [name, memberShape] of Object.entries(shape.members)) {
        const member = fromQuery(memberShape, kids(node).get(name), child(path, name));
        if (member !== undefined) out[name] = member;
      }
      checkRequired(shape, out, path);
      return out;
    }
  }
}
