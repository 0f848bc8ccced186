import { ProducerError, TemplateError, type TemplateProblem } from './errors.js';
import { newSeed, type RandomSource, RandomStream, seededStream } from './random.js';
import { type CompiledTemplate, compileTemplate } from './template/compile.js';

export const DEFAULT_TEMPLATE = '{{random.number(1000)}}';

export interface RecordOptions {
  /** A Kinesis Data Generator template. Default `{{random.number(1000)}}`. */
  template?: string;
  /** A template for the partition key. Default: a random key per record, as the KDG does. */
  partitionKey?: string;
  /** Picks each record's partition key instead (e.g. to place records on chosen shards). */
  partitionKeyFor?: (index: number) => string;
  /** Same seed and options: byte-identical records in the same order. */
  seed?: number;
  /** Builds each record's data instead of the template (e.g. to mix in malformed records). */
  payload?: (index: number, random: () => number) => string | Uint8Array;
  /** The clock for `{{date.now}}` and relative dates. */
  now?: () => number | Date;
}

export interface GeneratedRecord {
  /** 0-based position in the run. */
  index: number;
  data: Uint8Array;
  partitionKey: string;
}

export interface RecordSource {
  /** The seed in use (drawn at random when none was given), to repeat the run. */
  readonly seed: number;
  next(): GeneratedRecord;
}

const encoder = new TextEncoder();

function toBytes(value: string | Uint8Array, index: number): Uint8Array {
  if (typeof value === 'string') return encoder.encode(value);
  if (value instanceof Uint8Array) return value;
  throw new ProducerError(
    'INVALID_OPTIONS',
    `payload(${index}) returned ${typeof value}; it must return a string or a Uint8Array.`,
  );
}

/** The KDG's partition key: a random whole number below 10^10, as text. */
function randomKey(random: RandomSource): () => string {
  return () => String(Math.floor(random() * 10_000_000_000));
}

/**
 * The records of a run, one by one. Templates are compiled here, so a template error surfaces
 * before any connection is made. Data, keys and payload randomness come from separate seeded
 * streams: changing the key option never changes the data.
 */
export function createRecordSource(options: RecordOptions = {}): RecordSource {
  const seed = options.seed ?? newSeed();
  if (!Number.isSafeInteger(seed)) {
    throw new ProducerError('INVALID_OPTIONS', `The seed must be a whole number, got ${seed}.`);
  }
  const clock = options.now ? { now: options.now } : {};
  const problems: TemplateProblem[] = [];
  const compileCollecting = (
    label: string,
    template: string,
    stream: number,
  ): CompiledTemplate | undefined => {
    try {
      return compileTemplate(template, { seed, ...clock }, { randomStream: stream });
    } catch (err) {
      if (!(err instanceof TemplateError)) throw err;
      problems.push(...err.problems.map((p) => ({ ...p, message: `${label} ${p.message}` })));
      return undefined;
    }
  };

  const { payload } = options;
  const dataTemplate = payload
    ? undefined
    : compileCollecting('template', options.template ?? DEFAULT_TEMPLATE, RandomStream.data);
  const keyTemplate =
    options.partitionKey === undefined
      ? undefined
      : compileCollecting('partition key', options.partitionKey, RandomStream.partitionKey);
  if (problems.length > 0) throw new TemplateError(problems);

  let data: () => Uint8Array;
  if (payload) {
    const random = seededStream(seed, RandomStream.payload);
    let payloadIndex = 0;
    data = () => {
      const i = payloadIndex;
      payloadIndex += 1;
      return toBytes(payload(i, random), i);
    };
  } else {
    const render = (dataTemplate as CompiledTemplate).render;
    data = () => encoder.encode(render());
  }
  const key = keyTemplate ? keyTemplate.render : randomKey(seededStream(seed, RandomStream.partitionKey));
  const { partitionKeyFor } = options;

  let index = 0;
  return {
    seed,
    next() {
      const record = { index, data: data(), partitionKey: partitionKeyFor ? partitionKeyFor(index) : key() };
      index += 1;
      return record;
    },
  };
}

/** The first `count` records a run with these options sends: for `--dry-run`, previews and tests. */
export function* generateRecords(options: RecordOptions & { count: number }): Generator<GeneratedRecord> {
  const source = createRecordSource(options);
  for (let i = 0; i < options.count; i += 1) yield source.next();
}
