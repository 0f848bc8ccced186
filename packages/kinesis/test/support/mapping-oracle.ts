/**
 * What a mapping should publish, decided here from the rules as the README states them, without the code under
 * test: which values each (metric, dimensions) holds, which values are set aside and why, which records are
 * invalid, and what the cardinality guard folds.
 */

export interface OracleMapping {
  metrics: { name: string; path: string[] }[];
  dimensions: { name: string; path: string[]; cap: number; allowed?: string[] }[];
  /** Each set as indexes into `dimensions`. */
  sets: number[][];
}

export interface Expected {
  published: Map<string, number[]>;
  invalidRecords: number;
  invalidValues: Map<string, number>;
  folded: Map<string, number>;
}

const LARGEST = 2 ** 360;
const MAX_ARRAY = 100;
const OVERFLOW = 'Other';

function at(document: unknown, path: readonly string[]): { found: boolean; value?: unknown } {
  let node = document;
  for (const key of path) {
    if (node === null || typeof node !== 'object' || Array.isArray(node) || !Object.hasOwn(node, key)) {
      return { found: false };
    }
    node = (node as Record<string, unknown>)[key];
  }
  return { found: true, value: node };
}

const inRange = (value: number) => Math.abs(value) <= LARGEST;

/** CloudWatch's rule for a dimension value: 1..1024 printable ASCII characters, not only blanks. */
function acceptable(text: string): boolean {
  return text.length >= 1 && text.length <= 1024 && /^[\x20-\x7e]*$/.test(text) && /\S/.test(text);
}

function add<K>(map: Map<K, number>, key: K, count: number): void {
  if (count > 0) map.set(key, (map.get(key) ?? 0) + count);
}

export function metricKey(name: string, dimensions: Record<string, string>): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((d) => `${d}=${dimensions[d]}`);
  return `${name}{${sorted.join(',')}}`;
}

export function expectedOf(
  mapping: OracleMapping,
  payloads: readonly string[],
  fixed: Record<string, string>,
): Expected {
  const out: Expected = {
    published: new Map(),
    invalidRecords: 0,
    invalidValues: new Map(),
    folded: new Map(),
  };
  const kept = mapping.dimensions.map(() => new Set<string>());
  for (const payload of payloads) {
    let document: unknown;
    try {
      document = payload === '' ? undefined : JSON.parse(payload);
    } catch {
      document = undefined;
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      out.invalidRecords++;
      continue;
    }
    const dimensions = mapping.dimensions.map(({ path }) => {
      const { found, value } = at(document, path);
      if (!found) return { problem: 'MissingDimension' };
      const text = typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
      return text !== undefined && acceptable(text) ? { text } : { problem: 'BadDimension' };
    });
    for (const metric of mapping.metrics) {
      const { found, value } = at(document, metric.path);
      let values: number[] = [];
      const aside: string[] = [];
      if (!found) aside.push('MissingField');
      else if (typeof value === 'number') {
        if (inRange(value)) values.push(value);
        else aside.push('OutOfRange');
      } else if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
        if (value.length > MAX_ARRAY) aside.push('TooManyValues');
        else {
          values = value.filter(inRange);
          for (const v of value) if (!inRange(v)) aside.push('OutOfRange');
        }
      } else {
        aside.push('NotANumber');
      }
      for (const set of mapping.sets) {
        for (const reason of aside) add(out.invalidValues, reason, 1);
        if (values.length === 0) continue;
        const problem = set.map((d) => dimensions[d]?.problem).find((p) => p !== undefined);
        if (problem !== undefined) {
          add(out.invalidValues, problem, values.length);
          continue;
        }
        const named: Record<string, string> = { ...fixed };
        for (const d of set) {
          const dimension = mapping.dimensions[d] as OracleMapping['dimensions'][number];
          const text = dimensions[d]?.text as string;
          const keeps = kept[d] as Set<string>;
          const allowed = dimension.allowed === undefined || dimension.allowed.includes(text);
          if (!keeps.has(text) && allowed && keeps.size < dimension.cap - 1) keeps.add(text);
          if (keeps.has(text)) named[dimension.name] = text;
          else {
            named[dimension.name] = OVERFLOW;
            add(out.folded, dimension.name, values.length);
          }
        }
        const key = metricKey(metric.name, named);
        out.published.set(key, [...(out.published.get(key) ?? []), ...values]);
      }
    }
  }
  return out;
}
