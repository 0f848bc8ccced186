/**
 * Kinesis records -> values with a mapping (METRICS) or records that carry their own directive: each record
 * decoded (base64, KPL), read (the JSON fast path where it can, the full parse where not), and its values
 * published under their series; records that cannot be read at all are invalid, values that cannot be used
 * are set aside, both with their reasons. One decoder per handler; each `decode` is one cardinality scope.
 */
import type { MetricDefinition } from '@cwagg/core';
import { CardinalityScope, type CompiledDirective } from '@cwagg/core/mapping';
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64IntoBuffer, NOT_BASE64, TOO_LONG } from '../base64.js';
import { parseBase64DecimalInto } from '../base64-decimal.js';
import {
  BatchBuilder,
  type DecodedBatch,
  type InvalidRecord,
  type RecordColumns,
  recordColumns,
} from '../batch.js';
import { deaggregate } from '../kpl.js';
import { isKplAggregate } from '../kpl-magic.js';
import { decodeText, type ParseOptions, parsePayload, preview } from '../parse.js';
import {
  arrivalMs,
  NO_DATA_OR_SEQUENCE_NUMBER,
  sequenceNumberIn,
  sequenceNumbersOf,
} from '../record-envelope.js';
import { buildFieldPlan, DIMENSION_SLOT, METRIC_SLOT } from './field-plan.js';
import { JsonFieldScanner } from './json-scan.js';
import { type MappedOutput, MappedReader } from './mapped-reader.js';
import { mappedRuns } from './mapped-runs.js';
import { EMBEDDED_METADATA_KEY, RecordDirectives } from './record-directives.js';

export interface MappedDecoderSettings {
  /** The handler's namespace and metric: where records read the seed's way go (no METRICS). */
  namespace: string;
  metric: MetricDefinition;
  /** The seed's parsing (VALUE_FIELD), for records without METRICS that are not embedded documents. */
  parse: ParseOptions;
  mapping?: CompiledDirective;
  /** Namespaces records may carry their own directive for; absent or empty: records' directives are not read. */
  recordDirectiveNamespaces?: ReadonlySet<string>;
  /** Scan records before parsing them whole (default true; the equivalence tests turn it off). */
  jsonFastPath?: boolean;
  /** Remember the series of combinations of dimension values met before (default true; as above). */
  rememberCombinations?: boolean;
  /**
   * A cardinality scope its owner resets (a tumbling window carries one over several invocations); without
   * it, each `decode` is a scope of its own.
   */
  scope?: CardinalityScope;
}

/** The largest record decoded into the reused buffer; a larger one gets a buffer of its own. */
const SCRATCH_BYTES = 64 * 1024;
const LEFT_BRACE = 0x7b;

export class MappedDecoder {
  private readonly scope: CardinalityScope;
  private readonly ownsScope: boolean;
  private readonly main: MappedReader | undefined;
  private readonly scanner: JsonFieldScanner | undefined;
  private readonly directives: RecordDirectives | undefined;
  private readonly scratch = Buffer.alloc(SCRATCH_BYTES);
  /** The bytes of the record being read: the scratch buffer, or a larger record's own. */
  private bytes: Uint8Array = this.scratch;
  /** The seed's series, when a record is read the seed's way in this batch. */
  private seedSeries = -1;
  /** Values a whole record gives (one per metric and set): the batch's columns are sized for them at once. */
  private readonly valuesPerRecord: number;

  constructor(private readonly settings: MappedDecoderSettings) {
    this.ownsScope = settings.scope === undefined;
    this.scope = settings.scope ?? new CardinalityScope();
    const { mapping } = settings;
    this.valuesPerRecord = mapping === undefined ? 1 : mapping.metrics.length * mapping.dimensionSets.length;
    const allowed = settings.recordDirectiveNamespaces;
    if (allowed !== undefined && allowed.size > 0) {
      this.directives = new RecordDirectives(allowed, settings.metric.dimensions ?? {}, this.scope);
    }
    if (mapping !== undefined) {
      this.main = new MappedReader(mapping, this.scope, settings.rememberCombinations);
      if (settings.jsonFastPath !== false) {
        const paths = [...mapping.metrics.map((m) => m.path), ...mapping.dimensions.map((d) => d.path)];
        const uses = [
          ...mapping.metrics.map(() => METRIC_SLOT),
          ...mapping.dimensions.map(() => DIMENSION_SLOT),
        ];
        const bail = this.directives === undefined ? [] : [EMBEDDED_METADATA_KEY];
        this.scanner = new JsonFieldScanner(buildFieldPlan(paths, uses, bail));
      }
    }
  }

  decode(records: readonly KinesisStreamRecord[], clock: () => number = Date.now): DecodedBatch {
    if (this.ownsScope) this.scope.reset();
    this.main?.reset();
    this.directives?.reset();
    this.seedSeries = -1;
    const recordCount = records.length;
    const out: MappedOutput = {
      builder: new BatchBuilder(recordCount * this.valuesPerRecord, true),
      series: [],
      setAside: [],
      folded: [],
    };
    const columns = recordColumns(recordCount);
    const invalid: InvalidRecord[] = [];
    this.decodeRecords(records, clock, out, columns, invalid);
    columns.recordFirstValue[recordCount] = out.builder.count;
    const { builder } = out;
    return {
      recordCount,
      sequenceNumberOf: sequenceNumbersOf(records),
      valueCount: builder.count,
      values: builder.values,
      ...columns,
      invalid,
      mapped: {
        valueSeries: builder.valueSeries,
        timestamps: builder.timestamps,
        series: out.series,
        setAside: out.setAside,
        folded: out.folded,
        foldReport: this.scope.report(),
        runs: mappedRuns,
      },
    };
  }

  /**
   * The per-record loop, on its own (see decode.ts on why), with no closure inside: one would be allocated for
   * every record.
   */
  private decodeRecords(
    records: readonly KinesisStreamRecord[],
    clock: () => number,
    out: MappedOutput,
    { recordFirstValue, recordTimestamps }: RecordColumns,
    invalid: InvalidRecord[],
  ): void {
    const recordCount = records.length;
    for (let r = 0; r < recordCount; r++) {
      recordFirstValue[r] = out.builder.count;
      const payload = records[r]?.kinesis;
      const sequenceNumber = sequenceNumberIn(payload);
      if (payload === undefined || sequenceNumber === '' || typeof payload.data !== 'string') {
        recordTimestamps[r] = Number.NaN;
        invalid.push({ recordIndex: r, sequenceNumber, reason: NO_DATA_OR_SEQUENCE_NUMBER });
        continue;
      }
      const timestamp = arrivalMs(payload, clock);
      recordTimestamps[r] = timestamp;
      const length = this.decodeData(payload.data);
      if (length < 0) {
        invalid.push({ recordIndex: r, sequenceNumber, reason: 'data is not valid base64' });
        continue;
      }
      const bytes = this.bytes;
      if (!isKplAggregate(bytes, length)) {
        const problem = this.readPayload(payload.data, bytes, length, r, timestamp, out);
        if (problem !== undefined) invalid.push({ recordIndex: r, sequenceNumber, reason: problem });
        continue;
      }
      this.readAggregate(bytes.subarray(0, length), r, sequenceNumber, timestamp, out, invalid);
    }
  }

  /** A KPL aggregate: each user record read on its own; a corrupt aggregate is one invalid record. */
  private readAggregate(
    bytes: Uint8Array,
    recordIndex: number,
    sequenceNumber: string,
    timestamp: number,
    out: MappedOutput,
    invalid: InvalidRecord[],
  ): void {
    const aggregate = deaggregate(bytes);
    if (aggregate.reason !== undefined) {
      invalid.push({ recordIndex, sequenceNumber, reason: aggregate.reason });
      return;
    }
    aggregate.records.forEach((userRecord, subSequenceNumber) => {
      const reason = this.readPayload(undefined, userRecord, userRecord.length, recordIndex, timestamp, out);
      if (reason !== undefined) invalid.push({ recordIndex, sequenceNumber, subSequenceNumber, reason });
    });
  }

  /**
   * Decodes a record into `bytes` (the reused buffer when it fits, else one of its own) and returns its length,
   * or a negative number when it is not base64. No view is made per record: the fast path reads up to the length.
   */
  private decodeData(data: string): number {
    this.bytes = this.scratch;
    const length = decodeBase64IntoBuffer(data, this.scratch);
    if (length !== TOO_LONG) return length;
    const own = decodeBase64(data);
    if (own === undefined) return NOT_BASE64;
    this.bytes = own;
    return own.length;
  }

  /**
   * One payload (a record, or a KPL user record): read and published, or the reason it cannot be read at all.
   * `data` is the record's base64 when the payload is the whole record (the bare-number fast path reads it).
   */
  private readPayload(
    data: string | undefined,
    buffer: Uint8Array,
    length: number,
    record: number,
    timestamp: number,
    out: MappedOutput,
  ): string | undefined {
    const { main, scanner } = this;
    if (main !== undefined && scanner?.scan(buffer, 0, length)) {
      main.fromScan(scanner, buffer);
      main.publish(record, timestamp, out);
      return undefined;
    }
    const bytes = length === buffer.length ? buffer : buffer.subarray(0, length);
    if (main === undefined) return this.readSeedWay(data, bytes, record, timestamp, out);
    if (bytes.length === 0) return 'payload is empty';
    const text = decodeText(bytes);
    if (text === undefined) return 'payload is not valid UTF-8';
    let document: unknown;
    try {
      document = JSON.parse(text);
    } catch {
      return `payload ${preview(text)} is not JSON`;
    }
    if (document === null || typeof document !== 'object' || Array.isArray(document)) {
      return `payload ${preview(text)} is not a JSON object`;
    }
    if (this.directives !== undefined && RecordDirectives.isEmbedded(document)) {
      return this.directives.read(document, record, timestamp, out);
    }
    main.fromObject(document);
    main.publish(record, timestamp, out);
    return undefined;
  }

  /** Without METRICS: an embedded document by its own directive, anything else as the seed reads it. */
  private readSeedWay(
    data: string | undefined,
    bytes: Uint8Array,
    record: number,
    timestamp: number,
    out: MappedOutput,
  ): string | undefined {
    const { builder } = out;
    if (data !== undefined && this.settings.parse.valueField === undefined) {
      builder.reserve();
      if (parseBase64DecimalInto(data, builder.values, builder.count)) {
        builder.valueSeries[builder.count] = this.seedSeriesIndex(out);
        builder.commitAt(timestamp);
        return undefined;
      }
    }
    if (this.directives !== undefined && firstNonSpace(bytes) === LEFT_BRACE) {
      const text = decodeText(bytes);
      let document: unknown;
      try {
        document = text === undefined ? undefined : JSON.parse(text);
      } catch {
        document = undefined;
      }
      if (RecordDirectives.isEmbedded(document))
        return this.directives.read(document, record, timestamp, out);
    }
    const outcome = parsePayload(bytes, this.settings.parse);
    if (outcome.reason !== undefined) return outcome.reason;
    builder.pushSeries(outcome.value, timestamp, this.seedSeriesIndex(out));
    return undefined;
  }

  private seedSeriesIndex(out: MappedOutput): number {
    if (this.seedSeries < 0) {
      this.seedSeries = out.series.length;
      out.series.push({ namespace: this.settings.namespace, definition: this.settings.metric });
    }
    return this.seedSeries;
  }
}

function firstNonSpace(bytes: Uint8Array): number {
  for (const byte of bytes) if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return byte;
  return -1;
}
