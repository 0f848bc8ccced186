/**
 * The metric directive: which members of an event are metrics and which are dimensions, in the shape of an
 * embedded-metric-format `CloudWatchMetrics` entry, with a few extensions of our own (nested paths, renaming,
 * static dimensions, cardinality options). Checked once, with every problem named, then compiled into the
 * plain form the readers use.
 */
import { CwaggConfigError } from '../errors.js';
import {
  MAX_DIMENSIONS,
  MAX_DIMENSIONS_PER_SET,
  MAX_METRICS_PER_DIRECTIVE,
  type Unit,
} from '../limits/constants.js';
import {
  dimensionsProblem,
  dimensionValueProblem,
  metricNameProblem,
  namespaceProblem,
  storageResolutionProblem,
  unitProblem,
} from '../limits/validation.js';

/** A metric of the directive: `Name` is also the member holding its value, unless `Path` says otherwise. */
export interface DirectiveMetric {
  Name: string;
  Unit?: Unit;
  StorageResolution?: 1 | 60;
  /** Extension: where the value is, when not the member `Name` (renaming), e.g. `"latency.ms"` or `["a.b", "c"]`. */
  Path?: string | readonly string[];
}

/** Extension: where a dimension's value comes from, and how many values it may take. */
export interface DimensionOption {
  /** Where the value is, when not the member named like the dimension. */
  Path?: string | readonly string[];
  /** Only these values are kept as they are; any other value folds into `Overflow`. */
  AllowedValues?: readonly string[];
  /** At most this many distinct values per scope (an invocation), the overflow value included. Default 100. */
  MaxValues?: number;
  /** The value a dimension takes once it is past `MaxValues` or off `AllowedValues`. Default `Other`. */
  Overflow?: string;
}

/** One embedded-metric-format `CloudWatchMetrics` entry, with cwagg's extensions. */
export interface MetricDirective {
  Namespace?: string;
  /** Dimension sets: every value is published once under each. Default `[[]]`: no dimension from the event. */
  Dimensions?: readonly (readonly string[])[];
  Metrics: readonly DirectiveMetric[];
  /** Extension: dimensions with a fixed value, added to every metric of the directive. */
  StaticDimensions?: Readonly<Record<string, string>>;
  /** Extension: per-dimension source and cardinality options, keyed by dimension name. */
  DimensionOptions?: Readonly<Record<string, DimensionOption>>;
}

/** cwagg's default cap: distinct values per dimension per scope, the overflow value included. */
export const DEFAULT_MAX_DIMENSION_VALUES = 100;
/** The value a dimension folds into once it is past its cap or off its allow-list. */
export const DEFAULT_OVERFLOW_VALUE = 'Other';
/**
 * The largest cap accepted: the largest Lambda batch from Kinesis (10,000 records). A cap above the values a
 * scope can hold would never fold, so a larger one is a typo.
 */
export const MAX_DIMENSION_VALUES_CAP = 10_000;
/** Nesting beyond this many levels is refused: a typo, not an event layout. */
export const MAX_PATH_DEPTH = 16;

export interface CompiledMetric {
  readonly name: string;
  readonly unit?: Unit;
  readonly storageResolution?: 1 | 60;
  /** Keys from the event's root to the value. */
  readonly path: readonly string[];
}

export interface CompiledDimension {
  readonly name: string;
  readonly path: readonly string[];
  /** Values kept as they are; undefined: any value (up to the cap). */
  readonly allowed: ReadonlySet<string> | undefined;
  readonly maxValues: number;
  readonly overflow: string;
}

/** A checked directive, in the form the readers use. */
export interface CompiledDirective {
  readonly namespace: string;
  readonly metrics: readonly CompiledMetric[];
  /** Every dimension read from events, once, in the order the sets first name them. */
  readonly dimensions: readonly CompiledDimension[];
  /** Each dimension set as indexes into `dimensions`. */
  readonly dimensionSets: readonly (readonly number[])[];
  /** Added to every metric: the directive's static dimensions and the caller's own (a handler's `Type`). */
  readonly fixedDimensions: Readonly<Record<string, string>>;
}

export interface DirectiveOptions {
  /** Namespace when the directive names none (an embedded document must name one). */
  namespace?: string;
  /** Dimensions the caller adds to every metric: they count against CloudWatch's 30 and may not be reused. */
  dimensions?: Readonly<Record<string, string>>;
  /**
   * The directive of an embedded-metric-format document: only the specification's members count (others are
   * ignored, as the specification says), and `Namespace` is required.
   */
  embedded?: boolean;
}

const DIRECTIVE_MEMBERS = ['Namespace', 'Dimensions', 'Metrics', 'StaticDimensions', 'DimensionOptions'];
const METRIC_MEMBERS = ['Name', 'Unit', 'StorageResolution', 'Path'];
const OPTION_MEMBERS = ['Path', 'AllowedValues', 'MaxValues', 'Overflow'];

type Problems = string[];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** "did you mean" for a member in the wrong case, the usual typo. */
function unknownMembers(where: string, value: Record<string, unknown>, known: string[], problems: Problems) {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const near = known.find((name) => name.toLowerCase() === key.toLowerCase());
    problems.push(`${where}: unknown member "${key}"${near ? `; did you mean "${near}"?` : ''}`);
  }
}

/** A path from `Path` ("a.b" or ["a.b", "c"]), or undefined after naming the problem. */
function pathOf(where: string, raw: unknown, problems: Problems): string[] | undefined {
  const parts = typeof raw === 'string' ? raw.split('.') : raw;
  if (!Array.isArray(parts) || parts.length === 0 || parts.some((p) => typeof p !== 'string' || p === '')) {
    problems.push(
      `${where}.Path must be a dotted path such as "latency.ms" or an array of keys, each non-empty (got ${JSON.stringify(raw)})`,
    );
    return undefined;
  }
  if (parts.length > MAX_PATH_DEPTH) {
    problems.push(`${where}.Path is ${parts.length} levels deep; at most ${MAX_PATH_DEPTH} are read`);
    return undefined;
  }
  return parts as string[];
}

/** Why CloudWatch would reject a dimension name (checked with a value it takes), or undefined. */
function dimensionNameProblem(name: string): string | undefined {
  return dimensionsProblem({ [name]: 'x' });
}

function compileMetrics(raw: unknown, embedded: boolean, problems: Problems): CompiledMetric[] | undefined {
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push('Metrics must be a non-empty array of metric definitions such as {"Name": "latencyMs"}');
    return undefined;
  }
  if (raw.length > MAX_METRICS_PER_DIRECTIVE) {
    problems.push(
      `Metrics holds ${raw.length} definitions; the embedded metric format allows at most ${MAX_METRICS_PER_DIRECTIVE}`,
    );
  }
  const metrics: CompiledMetric[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, i) => {
    const where = `Metrics[${i}]`;
    if (!isPlainObject(entry)) {
      problems.push(`${where} must be an object such as {"Name": "latencyMs", "Unit": "Milliseconds"}`);
      return;
    }
    if (!embedded) unknownMembers(where, entry, METRIC_MEMBERS, problems);
    const name = entry.Name;
    const nameProblem = metricNameProblem(name);
    if (nameProblem !== undefined) {
      problems.push(`${where}.Name: ${nameProblem}`);
      return;
    }
    if (seen.has(name as string)) {
      problems.push(`${where}.Name "${name}" is defined twice: its values would be counted twice`);
      return;
    }
    seen.add(name as string);
    const unitIssue = unitProblem(entry.Unit);
    if (unitIssue !== undefined) problems.push(`${where}.Unit: ${unitIssue}`);
    const resolutionIssue = storageResolutionProblem(entry.StorageResolution);
    if (resolutionIssue !== undefined) problems.push(`${where}.StorageResolution: ${resolutionIssue}`);
    const path =
      !embedded && entry.Path !== undefined ? pathOf(where, entry.Path, problems) : [name as string];
    if (path === undefined || unitIssue !== undefined || resolutionIssue !== undefined) return;
    const metric: { -readonly [K in keyof CompiledMetric]: CompiledMetric[K] } = {
      name: name as string,
      path,
    };
    if (entry.Unit !== undefined) metric.unit = entry.Unit as Unit;
    if (entry.StorageResolution !== undefined) metric.storageResolution = entry.StorageResolution as 1 | 60;
    metrics.push(metric);
  });
  return metrics;
}

function compileSets(raw: unknown, problems: Problems): string[][] | undefined {
  if (raw === undefined) return [[]];
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(
      'Dimensions must be a non-empty array of dimension sets such as [["route"], ["route", "status"]] ([[]] for none)',
    );
    return undefined;
  }
  const sets: string[][] = [];
  const seen = new Map<string, number>();
  raw.forEach((set, i) => {
    const where = `Dimensions[${i}]`;
    if (!Array.isArray(set) || set.some((name) => typeof name !== 'string')) {
      problems.push(`${where} must be an array of dimension names such as ["route", "status"]`);
      return;
    }
    if (set.length > MAX_DIMENSIONS_PER_SET) {
      problems.push(
        `${where} names ${set.length} dimensions; the embedded metric format allows at most ${MAX_DIMENSIONS_PER_SET}`,
      );
      return;
    }
    const names = set as string[];
    const duplicate = names.find((name, k) => names.indexOf(name) !== k);
    if (duplicate !== undefined) {
      problems.push(`${where} names "${duplicate}" twice`);
      return;
    }
    for (const name of names) {
      const problem = dimensionNameProblem(name);
      if (problem !== undefined) problems.push(`${where}: ${problem}`);
    }
    const key = JSON.stringify([...names].sort());
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push(`${where} repeats Dimensions[${earlier}]: its values would be counted twice`);
      return;
    }
    seen.set(key, i);
    sets.push(names);
  });
  return sets;
}

function compileStatic(raw: unknown, problems: Problems): Record<string, string> {
  if (raw === undefined) return {};
  if (!isPlainObject(raw) || Object.values(raw).some((value) => typeof value !== 'string')) {
    problems.push(
      'StaticDimensions must be an object of dimension names to string values, e.g. {"Service": "shop"}',
    );
    return {};
  }
  const problem = dimensionsProblem(raw);
  if (problem !== undefined) problems.push(`StaticDimensions: ${problem}`);
  return raw as Record<string, string>;
}

function compileOption(name: string, raw: unknown, problems: Problems): CompiledDimension {
  const where = `DimensionOptions.${name}`;
  const fallback: CompiledDimension = {
    name,
    path: [name],
    allowed: undefined,
    maxValues: DEFAULT_MAX_DIMENSION_VALUES,
    overflow: DEFAULT_OVERFLOW_VALUE,
  };
  if (raw === undefined) return fallback;
  if (!isPlainObject(raw)) {
    problems.push(`${where} must be an object such as {"Path": "request.route", "MaxValues": 50}`);
    return fallback;
  }
  unknownMembers(where, raw, OPTION_MEMBERS, problems);
  const path = raw.Path === undefined ? [name] : (pathOf(where, raw.Path, problems) ?? [name]);
  let maxValues = DEFAULT_MAX_DIMENSION_VALUES;
  if (raw.MaxValues !== undefined) {
    const max = raw.MaxValues;
    if (typeof max !== 'number' || !Number.isInteger(max) || max < 1 || max > MAX_DIMENSION_VALUES_CAP) {
      problems.push(
        `${where}.MaxValues must be a whole number from 1 to ${MAX_DIMENSION_VALUES_CAP.toLocaleString('en-US')} (got ${JSON.stringify(max)})`,
      );
    } else {
      maxValues = max;
    }
  }
  let overflow = DEFAULT_OVERFLOW_VALUE;
  if (raw.Overflow !== undefined) {
    const problem =
      typeof raw.Overflow === 'string' ? dimensionValueProblem(raw.Overflow) : 'must be a string';
    if (problem !== undefined) problems.push(`${where}.Overflow ${JSON.stringify(raw.Overflow)} ${problem}`);
    else overflow = raw.Overflow as string;
  }
  let allowed: Set<string> | undefined;
  if (raw.AllowedValues !== undefined) {
    const list = raw.AllowedValues;
    if (!Array.isArray(list) || list.length === 0 || list.some((value) => typeof value !== 'string')) {
      problems.push(`${where}.AllowedValues must be a non-empty array of strings such as ["/buy", "/cart"]`);
    } else {
      for (const value of list as string[]) {
        const problem = dimensionValueProblem(value);
        if (problem !== undefined)
          problems.push(`${where}.AllowedValues ${JSON.stringify(value)} ${problem}`);
      }
      allowed = new Set(list as string[]);
      // One value is kept back for the overflow: a longer list could never be kept whole.
      if (allowed.size > maxValues - 1 && maxValues > 1) {
        problems.push(
          `${where}.AllowedValues lists ${allowed.size} values but MaxValues is ${maxValues}: at most ${maxValues - 1} values are kept beside "${overflow}" (raise MaxValues)`,
        );
      }
    }
  }
  return { name, path, allowed, maxValues, overflow };
}

/** Checks a directive: every problem it has, each naming the member (empty when it is valid). */
export function directiveProblems(directive: unknown, options: DirectiveOptions = {}): string[] {
  return checkDirective(directive, options).problems;
}

/** Checks and compiles a directive, or throws a CwaggConfigError listing every problem. */
export function compileDirective(directive: unknown, options: DirectiveOptions = {}): CompiledDirective {
  const { compiled, problems } = checkDirective(directive, options);
  if (compiled === undefined || problems.length > 0) {
    throw new CwaggConfigError(`invalid metric directive:\n- ${problems.join('\n- ')}`);
  }
  return compiled;
}

export function checkDirective(
  directive: unknown,
  options: DirectiveOptions = {},
): { compiled?: CompiledDirective; problems: string[] } {
  const problems: Problems = [];
  const embedded = options.embedded === true;
  if (!isPlainObject(directive)) {
    problems.push(
      'the directive must be a JSON object such as {"Dimensions": [["route"]], "Metrics": [{"Name": "latencyMs"}]}',
    );
    return { problems };
  }
  if (!embedded) unknownMembers('the directive', directive, DIRECTIVE_MEMBERS, problems);

  let namespace = directive.Namespace ?? options.namespace;
  if (embedded && directive.Namespace === undefined) problems.push('Namespace is missing');
  else {
    const problem = namespaceProblem(namespace);
    if (problem !== undefined) problems.push(`Namespace: ${problem}`);
  }
  namespace = typeof namespace === 'string' ? namespace : '';

  const metrics = compileMetrics(directive.Metrics, embedded, problems);
  const sets = compileSets(directive.Dimensions, problems);
  const staticDimensions = embedded ? {} : compileStatic(directive.StaticDimensions, problems);
  const callerDimensions = options.dimensions ?? {};
  for (const name of Object.keys(staticDimensions)) {
    if (Object.hasOwn(callerDimensions, name)) {
      problems.push(`StaticDimensions: "${name}" is already set by the handler or service configuration`);
    }
  }
  const fixedDimensions = { ...staticDimensions, ...callerDimensions };

  const rawOptions = embedded ? undefined : directive.DimensionOptions;
  if (rawOptions !== undefined && !isPlainObject(rawOptions)) {
    problems.push('DimensionOptions must be an object keyed by dimension name');
  }
  const optionsByName = isPlainObject(rawOptions) ? rawOptions : {};
  const dimensions: CompiledDimension[] = [];
  const dimensionSets: number[][] = [];
  const indexOf = new Map<string, number>();
  for (const [i, set] of (sets ?? []).entries()) {
    const fixed = set.find((name) => Object.hasOwn(fixedDimensions, name));
    if (fixed !== undefined) {
      problems.push(
        `Dimensions[${i}]: "${fixed}" is a fixed dimension (StaticDimensions or the handler's own) and cannot be read from events`,
      );
    }
    const total = set.length + Object.keys(fixedDimensions).length;
    if (total > MAX_DIMENSIONS) {
      problems.push(
        `Dimensions[${i}] gives a metric ${total} dimensions with the fixed ones; CloudWatch allows at most ${MAX_DIMENSIONS}`,
      );
    }
    dimensionSets.push(
      set.map((name) => {
        let index = indexOf.get(name);
        if (index === undefined) {
          index = dimensions.length;
          indexOf.set(name, index);
          dimensions.push(compileOption(name, optionsByName[name], problems));
        }
        return index;
      }),
    );
  }
  for (const name of Object.keys(optionsByName)) {
    if (!indexOf.has(name)) problems.push(`DimensionOptions.${name}: no dimension set names "${name}"`);
  }
  if (metrics === undefined || sets === undefined || problems.length > 0) return { problems };
  return {
    compiled: { namespace: namespace as string, metrics, dimensions, dimensionSets, fixedDimensions },
    problems,
  };
}
