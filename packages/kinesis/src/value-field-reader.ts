/**
 * The VALUE_FIELD fast paths, apart from the decoder (decode-records.ts) so that a Lambda cold start without
 * VALUE_FIELD does not load the JSON scanner: the handlers import this module on the first batch that needs
 * it (decoders.ts).
 */
import { MAX_VALUE_MAGNITUDE } from '@cwagg/core/limits';
import { decodeBase64IntoBuffer } from './base64.js';
import type { BatchBuilder } from './batch.js';
import { buildFieldPlan, METRIC_SLOT, NUMBER } from './mapping/field-plan.js';
import { JsonFieldScanner } from './mapping/json-scan.js';
import { SingleFieldReader } from './mapping/single-field.js';

/**
 * Records decoded into this buffer for the scan: one buffer for the process, reused record after record. A
 * record that does not fit takes the full parse, which allocates its own.
 */
const SCRATCH_BYTES = 64 * 1024;
let scratch: Buffer | undefined;

/** Reads one VALUE_FIELD path out of records, or says a record needs the full parse. */
export class ValueFieldReader {
  /** The one-member reader, for a path of one key: reads the record's base64 without decoding it. */
  private readonly single: SingleFieldReader | undefined;
  private readonly scanner: JsonFieldScanner;

  constructor(path: readonly string[]) {
    this.single = path.length === 1 ? new SingleFieldReader(path[0] as string) : undefined;
    this.scanner = new JsonFieldScanner(buildFieldPlan([path], [METRIC_SLOT]));
  }

  /**
   * True when the record `data` (base64) holds a number CloudWatch takes at the path, written to
   * `builder.values[builder.count]` (the caller commits it); false when the record needs the full parse,
   * which says why.
   */
  read(data: string, builder: BatchBuilder): boolean {
    builder.reserve();
    let value: number;
    if (this.single?.read(data, builder.values, builder.count) === true) {
      value = builder.values[builder.count] as number;
    } else {
      scratch ??= Buffer.alloc(SCRATCH_BYTES);
      const length = decodeBase64IntoBuffer(data, scratch);
      const { scanner } = this;
      if (length <= 0 || !scanner.scan(scratch, 0, length) || scanner.kinds[0] !== NUMBER) return false;
      value = scanner.numbers[0] as number;
    }
    if (!(value <= MAX_VALUE_MAGNITUDE && value >= -MAX_VALUE_MAGNITUDE)) return false;
    builder.values[builder.count] = value;
    return true;
  }
}

/** One reader per VALUE_FIELD path (the handler's configuration holds the same array for its life). */
const readers = new WeakMap<readonly string[], ValueFieldReader>();

/** The reader of `path`, made on first use. */
export function valueFieldReader(path: readonly string[]): ValueFieldReader {
  let reader = readers.get(path);
  if (reader === undefined) {
    reader = new ValueFieldReader(path);
    readers.set(path, reader);
  }
  return reader;
}
