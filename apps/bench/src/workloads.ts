/**
 * The bench's workloads, generated deterministically: what users run. The original sample's integers as text
 * and `{"value": N}` records, each at the sample's batch size (150) and at Lambda's largest (10,000);
 * high-cardinality latencies (exact and bounded-error); many metrics with dimensions; JSON events read with a
 * mapping; and a batch of KPL aggregates as large as a Lambda invocation takes.
 */
import { seededRandom } from '@cwagg/cli';
import { DEFAULT_METRIC_NAME, DEFAULT_NAMESPACE } from '@cwagg/kinesis';
import { lambdaEventFromRecords } from '@cwagg/local-lambda';
import { kplAggregates } from './kpl-aggregate.js';
import { logNormal } from './random.js';

export type KinesisEvent = ReturnType<typeof lambdaEventFromRecords>;

export const CONTENDER_NAMES = [
  'cwagg',
  'cwaggHandler',
  'baseline',
  'powertools',
  'embeddedMetrics',
  'readingOnly',
] as const;
/**
 * Who is timed. `readingOnly` (the records read and nothing done with them) is the floor under the others, and
 * sends nothing to count; `single` (the one-call-per-record handler) is only counted: its cost is the network.
 */
export type ContenderName = (typeof CONTENDER_NAMES)[number];
/** The floor, timed on every Kinesis workload (added to each by `withFloor`), never counted. */
const FLOOR = 'readingOnly';
type HandlerName = Exclude<ContenderName, typeof FLOOR>;
export type CostedName = HandlerName | 'single';
/** Every contender a process can set up: the timed ones and the counted one. */
export type AnyContenderName = ContenderName | CostedName;

export const WORKLOAD_NAMES = [
  'original10000',
  'original150',
  'latenciesExact',
  'latenciesBounded',
  'manyMetrics',
  'events10000',
  'valueField10000',
  'valueField150',
  'kplAggregates',
  'original10000Fresh',
  'events10000Fresh',
] as const;
export type WorkloadName = (typeof WORKLOAD_NAMES)[number];
type FreshName = 'original10000Fresh' | 'events10000Fresh';
type PooledName = Exclude<WorkloadName, FreshName>;

export interface WorkloadSpec {
  name: WorkloadName;
  title: string;
  /** Kinesis events (what a Lambda consumer gets), or in-process values keyed by metric. */
  input: 'kinesis' | 'keyed';
  /** Records per Lambda invocation (user records for KPL aggregates), or values per flush for keyed input. */
  batchSize: number;
  /** Records per timed repetition. */
  records: { full: number; quick: number };
  /** cwagg's bounded-error mode. */
  maxRelativeError?: number;
  /**
   * What each record holds: a number as text, a JSON event read with METRICS, `{"value": N}` read with
   * VALUE_FIELD, or integers as text in KPL aggregates (one Kinesis record holds thousands of them).
   */
  payload: 'integer' | 'latency' | 'event' | 'valueField' | 'kpl';
  /** The handlers' environment for the workload beyond the defaults (METRICS, VALUE_FIELD). */
  handlerEnv?: Readonly<Record<string, string>>;
  /** Who runs this workload: peers without a bounded-error mode sit the bounded one out. */
  contenders: readonly ContenderName[];
  /** Who is counted in the cost phase. */
  costed: readonly CostedName[];
  /**
   * How each invocation gets its event: `pool`, the same objects cycled through (the default: their memory
   * stays warm, and most of them in the CPU caches); `fresh`, parsed from the event's JSON text just before
   * the invocation, outside the time counted, as the Lambda runtime hands it over (its objects are new, the
   * caches hold the parse, and a collection during the invocation has the whole event to move).
   */
  delivery?: 'pool' | 'fresh';
}

/**
 * User records in the KPL workload's invocation: in the KPL's default aggregates (51,200 bytes), the sample's
 * integers make 81 Kinesis records, 4.1 MB of aggregates and a 5.5 MB Lambda event (Lambda takes up to 6 MB).
 */
export const KPL_VALUES_PER_BATCH = 460_000;
/** Partition keys of the KPL workload's user records (every aggregate carries the table). */
const KPL_PARTITION_KEYS = Array.from({ length: 16 }, (_, k) => `key-${k}`);

const ALL_KINESIS: readonly HandlerName[] = CONTENDER_NAMES.filter(
  (name): name is HandlerName => name !== FLOOR,
);
const KINESIS_COSTED: readonly CostedName[] = [...ALL_KINESIS, 'single'];
/** JSON records are measured against the naive way to read them (the baseline), not the EMF libraries. */
const JSON_CONTENDERS: readonly HandlerName[] = ['cwagg', 'cwaggHandler', 'baseline'];
const JSON_COSTED: readonly CostedName[] = [...JSON_CONTENDERS, 'single'];

/** The event of the mapping's examples, read with two metrics under two dimension sets. */
export const EVENT_DIRECTIVE = {
  Dimensions: [['route'], ['route', 'status']],
  Metrics: [
    { Name: 'latencyMs', Unit: 'Milliseconds' },
    { Name: 'bytes', Unit: 'Bytes' },
  ],
} as const;

const POOLED: Readonly<Record<PooledName, WorkloadSpec>> = {
  original10000: {
    name: 'original10000',
    title: 'original sample, integers 0..1000 as text, batch 10,000',
    input: 'kinesis',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'integer',
    contenders: ALL_KINESIS,
    costed: KINESIS_COSTED,
  },
  original150: {
    name: 'original150',
    title: 'original sample, integers 0..1000 as text, batch 150',
    input: 'kinesis',
    batchSize: 150,
    records: { full: 999_900, quick: 299_700 },
    payload: 'integer',
    contenders: ALL_KINESIS,
    costed: KINESIS_COSTED,
  },
  latenciesExact: {
    name: 'latenciesExact',
    title: 'log-normal latencies (ms, 3 decimals), exact, batch 10,000',
    input: 'kinesis',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'latency',
    contenders: ALL_KINESIS,
    costed: KINESIS_COSTED,
  },
  latenciesBounded: {
    name: 'latenciesBounded',
    title: 'log-normal latencies, bounded error 1% (cwagg only), batch 10,000',
    input: 'kinesis',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'latency',
    maxRelativeError: 0.01,
    contenders: ['cwagg', 'cwaggHandler'],
    costed: ['cwagg', 'cwaggHandler'],
  },
  manyMetrics: {
    name: 'manyMetrics',
    title: '1,000 metric keys (10 names x 100 Route dimensions), flush every 10,000 values',
    input: 'keyed',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'latency',
    contenders: ['cwagg', 'baseline', 'powertools', 'embeddedMetrics'],
    costed: ['cwagg', 'baseline', 'powertools', 'embeddedMetrics'],
  },
  events10000: {
    name: 'events10000',
    title: 'JSON events, 2 metrics x 2 dimension sets (METRICS), batch 10,000',
    input: 'kinesis',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'event',
    handlerEnv: { METRICS: JSON.stringify(EVENT_DIRECTIVE) },
    contenders: JSON_CONTENDERS,
    costed: JSON_COSTED,
  },
  valueField10000: {
    name: 'valueField10000',
    title: '{"value": N} records, integers 0..1000 (VALUE_FIELD=value), batch 10,000',
    input: 'kinesis',
    batchSize: 10_000,
    records: { full: 1_000_000, quick: 50_000 },
    payload: 'valueField',
    handlerEnv: { VALUE_FIELD: 'value' },
    contenders: JSON_CONTENDERS,
    costed: JSON_COSTED,
  },
  valueField150: {
    name: 'valueField150',
    title: '{"value": N} records, integers 0..1000 (VALUE_FIELD=value), batch 150',
    input: 'kinesis',
    batchSize: 150,
    records: { full: 999_900, quick: 299_700 },
    payload: 'valueField',
    handlerEnv: { VALUE_FIELD: 'value' },
    contenders: JSON_CONTENDERS,
    costed: JSON_COSTED,
  },
  kplAggregates: {
    name: 'kplAggregates',
    title: `KPL aggregates: ${KPL_VALUES_PER_BATCH.toLocaleString('en-US')} integers 0..1000 as text per invocation (a 5.5 MB event)`,
    input: 'kinesis',
    batchSize: KPL_VALUES_PER_BATCH,
    records: { full: 4 * KPL_VALUES_PER_BATCH, quick: KPL_VALUES_PER_BATCH },
    payload: 'kpl',
    // Powertools and aws-embedded-metrics read one value per Kinesis record: they have no KPL reader.
    contenders: ['cwagg', 'cwaggHandler', 'baseline'],
    // One call per value would be 460,000 calls per invocation: the single handler sits this one out.
    costed: ['cwagg', 'cwaggHandler', 'baseline'],
  },
};

/**
 * The twin of a pooled Kinesis workload with each event freshly parsed: what a Lambda consumer runs. The same
 * batches, fewer records (parsing them costs more than processing them), cwagg against the baseline, and no
 * cost phase (it counts the same as the twin's).
 */
function freshTwin(twin: WorkloadSpec, name: FreshName): WorkloadSpec {
  return {
    ...twin,
    name,
    title: `${twin.title}, each event freshly parsed`,
    records: { full: 300_000, quick: 50_000 },
    contenders: ['cwagg', 'baseline'],
    costed: [],
    delivery: 'fresh',
  };
}

/** A Kinesis workload's contenders and the floor under them; keyed values have no records to read. */
function withFloor(spec: WorkloadSpec): WorkloadSpec {
  return spec.input === 'kinesis' ? { ...spec, contenders: [...spec.contenders, FLOOR] } : spec;
}

const SPECS: readonly WorkloadSpec[] = [
  ...Object.values(POOLED),
  freshTwin(POOLED.original10000, 'original10000Fresh'),
  freshTwin(POOLED.events10000, 'events10000Fresh'),
];

export const WORKLOADS = Object.fromEntries(SPECS.map((spec) => [spec.name, withFloor(spec)])) as Readonly<
  Record<WorkloadName, WorkloadSpec>
>;

/** The metric every Kinesis contender records: the original sample's names and `Type` dimension. */
export const KINESIS_NAMESPACE = DEFAULT_NAMESPACE;
export const KINESIS_METRIC_NAME = DEFAULT_METRIC_NAME;
export const MANY_METRICS_NAMESPACE = 'CwaggBench';

export interface KeyedMetric {
  name: string;
  dimensions: Readonly<Record<string, string>>;
}

export const MANY_METRICS_NAMES = 10;
export const MANY_METRICS_ROUTES = 100;

/** One dimension set per route, shared by the metrics of that route (as a service would hold them). */
const ROUTE_DIMENSIONS: readonly Readonly<Record<string, string>>[] = Array.from(
  { length: MANY_METRICS_ROUTES },
  (_, route) => ({ Service: 'checkout', Route: `/route/${route}` }),
);

/** 1,000 keys: 10 metric names x 100 routes, each with a constant Service dimension. Key k = route * 10 + name. */
export const MANY_METRICS_KEYS: readonly KeyedMetric[] = Array.from(
  { length: MANY_METRICS_NAMES * MANY_METRICS_ROUTES },
  (_, k) => ({
    name: `Metric${k % MANY_METRICS_NAMES}`,
    dimensions: ROUTE_DIMENSIONS[Math.floor(k / MANY_METRICS_NAMES)] as Readonly<Record<string, string>>,
  }),
);

/** A flush's worth of keyed values, in arrival order. */
export interface KeyedBatch {
  keys: Int32Array;
  values: Float64Array;
}

/**
 * At most this many records are materialised; timed repetitions cycle through them. A quick run takes as many:
 * with 20,000 (two batches of 10,000), quick runs on the 2-core VM measured cwagg at 150 to 162 ns a record
 * against 81 with this pool, its reading-only floor at 62 to 92 against 36, and the baseline at 883 to 903
 * against 873: the 8x target read 5.7x where a full run read 11x. The larger pool adds about 12 s to a quick run.
 */
export const POOL_RECORDS = 100_000;

/** Records per repetition rounded up to whole batches. */
export function wholeBatches(spec: WorkloadSpec, records: number): number {
  return Math.max(1, Math.ceil(records / spec.batchSize));
}

/** Number of distinct batches materialised for `records` records per repetition. */
export function poolBatches(spec: WorkloadSpec, records: number, pool = POOL_RECORDS): number {
  return Math.min(wholeBatches(spec, records), Math.max(1, Math.floor(pool / spec.batchSize)));
}

const EVENT_ROUTES = ['/buy', '/cart', '/browse', '/search', '/checkout', '/login', '/account', '/help'];
/** Mostly 200, as a web service answers. */
const EVENT_STATUSES = [200, 200, 200, 200, 200, 200, 200, 201, 404, 500];

/**
 * The example event: a service's request log line, with a latency (log-normal, median 50 ms, to 0.1 ms), a
 * response size (log-normal, median 5 KiB, whole bytes) and a request id. Both metrics take thousands of
 * distinct values per batch, as real ones do: the exact aggregation keeps each of them.
 */
function eventPayload(random: () => number, latency: () => number, size: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  return JSON.stringify({
    service: 'shop',
    route: pick(EVENT_ROUTES),
    status: pick(EVENT_STATUSES),
    latencyMs: Math.round(latency() * 10) / 10,
    bytes: Math.round(size()),
    requestId: Math.floor(random() * 2 ** 48)
      .toString(16)
      .padStart(12, '0'),
  });
}

/** The payload text of each record. */
export function payloads(spec: WorkloadSpec, count: number, seed: number): string[] {
  // Seeded, so every run and every child process draws the same records.
  const random = seededRandom(seed);
  // The Kinesis Data Generator's {{random.number(1000)}}: integers 0..1000 inclusive.
  const integer = () => Math.floor(random() * 1001);
  const latency = logNormal(random, 50, 1);
  switch (spec.payload) {
    case 'kpl':
      throw new Error('KPL user records are written into their aggregates directly (kplBatches)');
    case 'integer':
      return Array.from({ length: count }, () => String(integer()));
    case 'valueField':
      return Array.from({ length: count }, () => `{"value": ${integer()}}`);
    case 'event': {
      const size = logNormal(random, 5120, 1);
      return Array.from({ length: count }, () => eventPayload(random, latency, size));
    }
    case 'latency':
      return Array.from({ length: count }, () => latency().toFixed(3));
  }
}

/**
 * Kinesis events of `spec.batchSize` records each, arriving during the minute that starts at `minuteStart`
 * (epoch ms), so every contender sees one time bucket.
 */
export function kinesisBatches(
  spec: WorkloadSpec,
  batches: number,
  seed: number,
  minuteStart: number,
): KinesisEvent[] {
  if (spec.payload === 'kpl') return kplBatches(spec, batches, seed, minuteStart);
  const total = batches * spec.batchSize;
  const texts = payloads(spec, total, seed);
  const events: KinesisEvent[] = [];
  for (let b = 0; b < batches; b++) {
    const records = [];
    for (let i = 0; i < spec.batchSize; i++) {
      const n = b * spec.batchSize + i;
      records.push({
        data: texts[n] as string,
        sequenceNumber: `4959${String(n).padStart(52, '0')}`,
        partitionKey: `key-${n % 16}`,
        approximateArrivalTimestamp: minuteStart + Math.floor((n / total) * 60_000),
      });
    }
    events.push(lambdaEventFromRecords(records));
  }
  return events;
}

/**
 * Kinesis events of KPL aggregates holding `spec.batchSize` user records each, the aggregates arriving during
 * the minute that starts at `minuteStart`. Written one aggregate at a time, so that generating them leaves
 * little behind on the heap: the peak RSS the processing adds is measured from there.
 */
function kplBatches(spec: WorkloadSpec, batches: number, seed: number, minuteStart: number): KinesisEvent[] {
  const random = seededRandom(seed);
  const events: KinesisEvent[] = [];
  let sequence = 0;
  for (let b = 0; b < batches; b++) {
    const records = [];
    for (const data of kplAggregates(KPL_PARTITION_KEYS, spec.batchSize, (i) => ({
      keyIndex: i % KPL_PARTITION_KEYS.length,
      // The Kinesis Data Generator's {{random.number(1000)}}, as in the original workload.
      data: Buffer.from(String(Math.floor(random() * 1001)), 'latin1'),
    }))) {
      const n = sequence++;
      records.push({
        data,
        sequenceNumber: `4959${String(n).padStart(52, '0')}`,
        partitionKey: KPL_PARTITION_KEYS[n % KPL_PARTITION_KEYS.length] as string,
        approximateArrivalTimestamp: minuteStart + Math.floor(((b + 0.5) / batches) * 60_000),
      });
    }
    events.push(lambdaEventFromRecords(records));
  }
  return events;
}

/** Keyed values: uniformly random keys, log-normal latencies rounded to 0.1 ms. */
export function keyedBatches(spec: WorkloadSpec, batches: number, seed: number): KeyedBatch[] {
  // Seeded, so every run and every child process draws the same records.
  const random = seededRandom(seed);
  const latency = logNormal(random, 50, 1);
  return Array.from({ length: batches }, () => {
    const keys = new Int32Array(spec.batchSize);
    const values = new Float64Array(spec.batchSize);
    for (let i = 0; i < spec.batchSize; i++) {
      keys[i] = Math.floor(random() * MANY_METRICS_KEYS.length);
      values[i] = Math.round(latency() * 10) / 10;
    }
    return { keys, values };
  });
}

/** The start of the minute before `now`: recent enough for CloudWatch, and one whole bucket. */
export function previousMinute(now: number = Date.now()): number {
  return Math.floor(now / 60_000) * 60_000 - 60_000;
}
