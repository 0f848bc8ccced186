/**
 * Kinesis records -> values with a mapping (METRICS) or records that carry their own directive: each record
 * decoded (base64, KPL), read (the JSON fast path where it can, the full parse where not), and its values
 * published under their series; records that cannot be read at all are invalid, values that cannot be used
 * are set aside, both with their reasons. One decoder per handler; each `decode` is one cardinality scope.
 */
import type { MetricDefinition } from '@cwagg/core';
import { CardinalityScope, type CompiledDirective } from '@cwagg/core/mapping';
import type { KinesisStreamRecord } from 'aws-lambda';
import { decodeBase64, decodeBase64Into, decodedLength } from '../base64.js';
import { BatchBuilder, type DecodedBatch, type InvalidRecord } from '../batch.js';
import { deaggregate, isKplAggregate } from '../kpl.js';
import { decodeText, type ParseOptions, parseBase64DecimalInto, parsePayload, preview } from '../parse.js';
import { buildFieldPlan, DIMENSION_SLOT, METRIC_SLOT } from './field-plan.js';
import { JsonFieldScanner } from './json-scan.js';
import { type MappedOutput, MappedReader } from './mapped-reader.js';
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
}

/** The largest record decoded into the reused buffer; a larger one gets a buffer of its own. */
const SCRATCH_BYTES = 64 * 1024;
const LEFT_BRACE = 0x7b;

export class MappedDecoder {
  private readonly scope = new CardinalityScope();
  private readonly main: MappedReader | undefined;
  private readonly scanner: JsonFieldScanner | undefined;
  private readonly directives: RecordDirectives | undefined;
  private scratch = new Uint8Array(SCRATCH_BYTES);
  /** The seed's series, when a record is read the seed's way in this batch. */
  private seedSeries = -1;

  constructor(private readonly settings: MappedDecoderSettings) {
    const { mapping } = settings;
    const allowed = settings.recordDirectiveNamespaces;
    if (allowed !== undefined && allowed.size > 0) {
      this.directives = new RecordDirectives(allowed, settings.metric.dimensions ?? {}, this.scope);
    }
    if (mapping !== undefined) {
      this.main = new MappedReader(mapping, this.scope);
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
    this.scope.reset();
    this.main?.reset();
    this.directives?.reset();
    this.seedSeries = -1;
    const recordCount = records.length;
    const out: MappedOutput = {
      builder: new BatchBuilder(recordCount, true),
      series: [],
      setAside: [],
      folded: [],
    };
    const recordFirstValue = new Int32Array(recordCount + 1);
    const invalid: InvalidRecord[] = [];
    for (let r = 0; r < recordCount; r++) {
      recordFirstValue[r] = out.builder.count;
      const payload = records[r]?.kinesis;
      const sequenceNumber = typeof payload?.sequenceNumber === 'string' ? payload.sequenceNumber : '';
      if (payload === undefined || sequenceNumber === '' || typeof payload.data !== 'string') {
        invalid.push({
          recordIndex: r,
          sequenceNumber,
          reason: 'record has no kinesis data or sequence number',
        });
        continue;
      }
      const arrival = payload.approximateArrivalTimestamp;
      const timestamp = typeof arrival === 'number' && Number.isFinite(arrival) ? arrival * 1000 : clock();
      const reject = (reason: string, subSequenceNumber?: number) =>
        invalid.push({
          recordIndex: r,
          sequenceNumber,
          ...(subSequenceNumber === undefined ? {} : { subSequenceNumber }),
          reason,
        });
      const bytes = this.bytesOf(payload.data);
      if (bytes === undefined) {
        reject('data is not valid base64');
        continue;
      }
      if (!isKplAggregate(bytes)) {
        const problem = this.readPayload(payload.data, bytes, r, timestamp, out);
        if (problem !== undefined) reject(problem);
        continue;
      }
      const aggregate = deaggregate(bytes);
      if (aggregate.reason !== undefined) {
        reject(aggregate.reason);
        continue;
      }
      aggregate.records.forEach((userRecord, sub) => {
        const problem = this.readPayload(undefined, userRecord, r, timestamp, out);
        if (problem !== undefined) reject(problem, sub);
      });
    }
    recordFirstValue[recordCount] = out.builder.count;
    const { builder } = out;
    return {
      recordCount,
      sequenceNumberOf: (recordIndex) => {
        const sequenceNumber = records[recordIndex]?.kinesis?.sequenceNumber;
        return typeof sequenceNumber === 'string' ? sequenceNumber : '';
      },
      valueCount: builder.count,
      values: builder.values,
      timestamps: builder.timestamps,
      valueRecords: builder.valueRecords,
      recordFirstValue,
      invalid,
      mapped: {
        valueSeries: builder.valueSeries,
        series: out.series,
        setAside: out.setAside,
        folded: out.folded,
        foldReport: this.scope.report(),
      },
    };
  }

  /** The record's bytes: in the reused buffer when they fit, else in their own; undefined: not base64. */
  private bytesOf(data: string): Uint8Array | undefined {
    const length = decodeBase64Into(data, this.scratch);
    if (length >= 0) return this.scratch.subarray(0, length);
    if (decodedLength(data) < 0) return undefined;
    return decodeBase64(data);
  }

  /**
   * One payload (a record, or a KPL user record): read and published, or the reason it cannot be read at all.
   * `data` is the record's base64 when the payload is the whole record (the bare-number fast path reads it).
   */
  private readPayload(
    data: string | undefined,
    bytes: Uint8Array,
    record: number,
    timestamp: number,
    out: MappedOutput,
  ): string | undefined {
    const { main, scanner } = this;
    if (main !== undefined && scanner?.scan(bytes, 0, bytes.length)) {
      main.fromScan(scanner, bytes);
      main.publish(record, timestamp, out);
      return undefined;
    }
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
        builder.commit(timestamp, record);
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
    builder.pushSeries(outcome.value, timestamp, record, this.seedSeriesIndex(out));
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
