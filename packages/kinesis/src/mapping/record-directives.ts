/**
 * Records that carry their own directive: a JSON record that is an embedded-metric-format document (an
 * `_aws.CloudWatchMetrics` block) is read by its own directives, when the handler allows it
 * (RECORD_DIRECTIVE_NAMESPACES) and each directive's namespace is on that list, the same list the IAM policy
 * allows. Anything else in the record is ignored; a malformed directive, or a namespace off the list, makes the
 * record invalid with its reason, and nothing of it is published.
 */
import { type CardinalityScope, checkDirective } from '@cwagg/core/mapping';
import type { MappedOutput } from './mapped-reader.js';
import { MappedReader } from './mapped-reader.js';

/** The member that makes a record an embedded-metric-format document. */
export const EMBEDDED_METADATA_KEY = '_aws';

type Compiled = { reader: MappedReader; problem?: undefined } | { reader?: undefined; problem: string };

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class RecordDirectives {
  /** Directives met in this invocation, by their JSON text: most streams repeat a handful. */
  private readonly compiled = new Map<string, Compiled>();

  constructor(
    private readonly allowed: ReadonlySet<string>,
    /** The handler's own dimensions (Type, DIMENSIONS), added to every metric as with METRICS. */
    private readonly fixedDimensions: Readonly<Record<string, string>>,
    private readonly scope: CardinalityScope,
  ) {}

  /** A new invocation. */
  reset(): void {
    this.compiled.clear();
  }

  /** Whether a parsed record is an embedded document (then `read` takes it). */
  static isEmbedded(document: unknown): document is Record<string, unknown> {
    return isPlainObject(document) && Object.hasOwn(document, EMBEDDED_METADATA_KEY);
  }

  /**
   * Reads an embedded document and publishes its values at `arrival` (or the document's own `Timestamp`).
   * Returns why the record is invalid, or undefined when it was read.
   */
  read(
    document: Record<string, unknown>,
    record: number,
    arrival: number,
    out: MappedOutput,
  ): string | undefined {
    const metadata = document[EMBEDDED_METADATA_KEY];
    if (!isPlainObject(metadata)) return '_aws must be an object holding CloudWatchMetrics';
    const directives = metadata.CloudWatchMetrics;
    if (!Array.isArray(directives) || directives.length === 0) {
      return '_aws.CloudWatchMetrics must be a non-empty array of metric directives';
    }
    let timestamp = arrival;
    if (metadata.Timestamp !== undefined) {
      if (typeof metadata.Timestamp !== 'number' || !Number.isFinite(metadata.Timestamp)) {
        return '_aws.Timestamp must be a number of milliseconds since 1970-01-01';
      }
      timestamp = metadata.Timestamp;
    }
    // Every directive is checked before any value is published: a record is read whole or not at all.
    const readers: MappedReader[] = [];
    for (const [i, directive] of directives.entries()) {
      const compiled = this.compile(directive);
      if (compiled.problem !== undefined) return `_aws.CloudWatchMetrics[${i}]: ${compiled.problem}`;
      readers.push(compiled.reader);
    }
    for (const reader of readers) {
      reader.fromObject(document);
      reader.publish(record, timestamp, out);
    }
    return undefined;
  }

  private compile(directive: unknown): Compiled {
    const key = JSON.stringify(directive);
    let compiled = this.compiled.get(key);
    if (compiled === undefined) {
      const { compiled: checked, problems } = checkDirective(directive, {
        embedded: true,
        dimensions: this.fixedDimensions,
      });
      if (checked === undefined) compiled = { problem: problems.join('; ') };
      else if (!this.allowed.has(checked.namespace)) {
        compiled = {
          problem: `namespace "${checked.namespace}" is not one this function may write (RECORD_DIRECTIVE_NAMESPACES: ${[...this.allowed].join(', ')})`,
        };
      } else {
        compiled = { reader: new MappedReader(checked, this.scope) };
      }
      this.compiled.set(key, compiled);
    }
    return compiled;
  }
}
