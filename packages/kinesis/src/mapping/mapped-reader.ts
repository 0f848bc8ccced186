/**
 * One directive at work on the records of an invocation: a record's readings (from the scanner's slots or from
 * a parsed object, the same either way), then its values published under each dimension set, with the
 * cardinality guard applied, into the batch's columns. What cannot be published is set aside with its reason.
 * The folding state lives in the CardinalityScope and the DimensionValues, apart from the invocation's
 * plumbing, so that a longer scope (a tumbling window) can carry it.
 */
import type { MetricDefinition } from '@cwagg/core';
import { MAX_VALUE_MAGNITUDE } from '@cwagg/core/limits';
import {
  type CardinalityScope,
  type CompiledDirective,
  type MetricReading,
  missingDimension,
  missingMetric,
  outOfRange,
  readDimension,
  readMetric,
  type SetAside,
} from '@cwagg/core/mapping';
import type { BatchBuilder, FoldedValue, Series, SetAsideValue } from '../batch.js';
import { DimensionValues, KEPT_INDEX_BITS, OVERFLOW_INDEX } from './dimension-values.js';
import { NUMBER, PLAIN_STRING } from './field-plan.js';
import type { JsonFieldScanner } from './json-scan.js';

/** Where a reader appends what it reads: shared by every reader of an invocation. */
export interface MappedOutput {
  builder: BatchBuilder;
  series: Series[];
  setAside: SetAsideValue[];
  folded: FoldedValue[];
}

/** A metric's reading: one number (the common case, kept without an object), missing, or a full reading. */
const SINGLE = 0;
const MISSING = 1;
const READING = 2;

/** A dimension that gave no value id: absent, or holding something other than a string or number. */
const DIMENSION_MISSING = -1;
const DIMENSION_BAD = -2;

/** Per record and set: publishable, or set aside for a dimension (valid for the record stamped). */
const PUBLISHABLE = 1;
const BLOCKED = 2;

/** Sets of up to three dimensions key their combinations by one number; larger ones by a string. */
const NUMERIC_KEY_DIMENSIONS = 3;
/** The weight of each kept index in a numeric key: kept indexes fit KEPT_INDEX_BITS bits each. */
const KEY_WEIGHTS = [1, 2 ** KEPT_INDEX_BITS, 2 ** (2 * KEPT_INDEX_BITS)];
/**
 * Per set, the last combinations of dimension ids found publishable with nothing folded, by a hash of the ids:
 * such a combination resolves again to the same series without the checks, the guard or the series table (a
 * tenth of the mapped-events decode). Ids below 2^17 and sets of up to three dimensions key it by one number.
 */
const RESOLVED_SLOTS = 64;
const RESOLVED_ID_LIMIT = 2 ** 17;
const NOT_CACHED = -1;
/**
 * Series definitions kept from one invocation to the next, by metric and dimension values: the aggregator
 * knows a definition it has seen by its identity, and a new object for the same series each invocation made
 * it validate, key and size the series again, and sort its series again at every drain (with the allocations,
 * about 5% of the mapped-events bench). Past this many, the kept ones are dropped and made afresh, so that a
 * stream whose dimension values keep changing does not hold every definition it ever met.
 */
export const MAX_KEPT_DEFINITIONS = 4096;
/** A metric with nothing set aside: one shared empty list, not one per record. */
const NOTHING_SET_ASIDE: readonly SetAside[] = Object.freeze([]);

export class MappedReader {
  readonly dimensionValues: DimensionValues[];
  private readonly metricState: Uint8Array;
  private readonly metricSingle: Float64Array;
  private readonly metricReading: (MetricReading | undefined)[];
  private readonly dimensionId: Int32Array;
  private readonly dimensionDetail: (string | undefined)[];
  private readonly missingMetrics: SetAside[];
  private readonly missingDimensions: string[];
  /** Per set: combination key -> series index per metric (-1 until first used). */
  private readonly seriesTables: Map<number | string, Int32Array>[];
  private readonly setState: Uint8Array;
  /** Per set: the record its state was resolved for (a counter, so nothing is cleared per record). */
  private readonly setStamp: Int32Array;
  private stamp = 0;
  /** Per set: the series of each metric under this record's combination (-1 until first used). */
  private readonly setSeries: Int32Array[];
  private readonly setBlock: (SetAside | undefined)[];
  /** Per set: the names of the dimensions that folded for this record (the first `setFoldedCount[s]`). */
  private readonly setFolded: string[][];
  private readonly setFoldedCount: Int32Array;
  /** RESOLVED_SLOTS per set: a combination's id key (NOT_CACHED when empty) and its series per metric. */
  private readonly resolvedKeys: Float64Array;
  private readonly resolvedSeries: (Int32Array | undefined)[];
  /** Definitions by set, metric and dimension values (MAX_KEPT_DEFINITIONS), kept across invocations. */
  private readonly definitions = new Map<string, MetricDefinition>();

  constructor(
    readonly directive: CompiledDirective,
    private readonly scope: CardinalityScope,
    /** Whether combinations resolved before are remembered (default true; the equivalence tests turn it off). */
    private readonly rememberCombinations = true,
  ) {
    const metrics = directive.metrics.length;
    const dimensions = directive.dimensions.length;
    const sets = directive.dimensionSets.length;
    this.dimensionValues = directive.dimensions.map((d) => new DimensionValues(d, directive.namespace));
    this.metricState = new Uint8Array(metrics);
    this.metricSingle = new Float64Array(metrics);
    this.metricReading = new Array(metrics).fill(undefined);
    this.dimensionId = new Int32Array(dimensions);
    this.dimensionDetail = new Array(dimensions).fill(undefined);
    this.missingMetrics = directive.metrics.map((metric) => missingMetric(metric).setAside[0] as SetAside);
    this.missingDimensions = directive.dimensions.map((d) => missingDimension(d).detail as string);
    this.seriesTables = directive.dimensionSets.map(() => new Map());
    this.setState = new Uint8Array(sets);
    this.setStamp = new Int32Array(sets).fill(-1);
    this.setFoldedCount = new Int32Array(sets);
    this.setSeries = directive.dimensionSets.map(() => new Int32Array(0));
    this.setBlock = new Array(sets).fill(undefined);
    this.setFolded = directive.dimensionSets.map(() => []);
    this.resolvedKeys = new Float64Array(sets * RESOLVED_SLOTS).fill(NOT_CACHED);
    this.resolvedSeries = new Array(sets * RESOLVED_SLOTS).fill(undefined);
  }

  /** A new invocation: values, ids and series start afresh (the scope is reset by its owner). */
  reset(): void {
    for (const values of this.dimensionValues) values.reset();
    for (const table of this.seriesTables) table.clear();
    // Ids and series are numbered afresh: a combination remembered from the last invocation means nothing now.
    this.resolvedKeys.fill(NOT_CACHED);
    this.resolvedSeries.fill(undefined);
  }

  /** Readings from the scanner's slots: metrics first, then dimensions, in the directive's order. */
  fromScan(scanner: JsonFieldScanner, bytes: Uint8Array): void {
    const metrics = this.metricState.length;
    const { kinds, numbers, starts, ends } = scanner;
    for (let m = 0; m < metrics; m++) {
      if (kinds[m] === NUMBER) {
        this.metricState[m] = SINGLE;
        this.metricSingle[m] = numbers[m] as number;
      } else {
        this.metricState[m] = MISSING;
      }
    }
    for (let d = 0; d < this.dimensionId.length; d++) {
      const slot = metrics + d;
      const kind = kinds[slot];
      const values = this.dimensionValues[d] as DimensionValues;
      this.dimensionId[d] =
        kind === PLAIN_STRING
          ? values.idOfBytes(bytes, starts[slot] as number, ends[slot] as number)
          : kind === NUMBER
            ? values.idOfNumber(numbers[slot] as number)
            : DIMENSION_MISSING;
    }
  }

  /** Readings from a parsed record, with the rules every reader shares (@cwagg/core/mapping). */
  fromObject(event: unknown): void {
    const { metrics, dimensions } = this.directive;
    for (let m = 0; m < metrics.length; m++) {
      const reading = readMetric(event, metrics[m] as (typeof metrics)[number]);
      if (reading.setAside.length === 0 && reading.values.length === 1) {
        this.metricState[m] = SINGLE;
        this.metricSingle[m] = reading.values[0] as number;
      } else if (reading.values.length === 0 && reading.setAside[0]?.reason === 'MissingField') {
        this.metricState[m] = MISSING;
      } else {
        this.metricState[m] = READING;
        this.metricReading[m] = reading;
      }
    }
    for (let d = 0; d < dimensions.length; d++) {
      const reading = readDimension(event, dimensions[d] as (typeof dimensions)[number]);
      if (reading.value !== undefined) {
        this.dimensionId[d] = (this.dimensionValues[d] as DimensionValues).idOfText(reading.value);
      } else if (reading.reason === 'MissingDimension') {
        this.dimensionId[d] = DIMENSION_MISSING;
      } else {
        this.dimensionId[d] = DIMENSION_BAD;
        this.dimensionDetail[d] = reading.detail;
      }
    }
  }

  /** Publishes the record's readings: each value under each set, or set aside with its reason. */
  publish(record: number, timestamp: number, out: MappedOutput): void {
    const { metrics, dimensionSets } = this.directive;
    // A new stamp for this record: every set's state is stale until resolved for it.
    this.stamp = (this.stamp + 1) | 0;
    for (let m = 0; m < metrics.length; m++) {
      const metric = metrics[m] as (typeof metrics)[number];
      const state = this.metricState[m];
      let single = 0;
      let many: readonly number[] | undefined;
      let count = 0;
      let aside = NOTHING_SET_ASIDE;
      if (state === SINGLE) {
        single = this.metricSingle[m] as number;
        if (single <= MAX_VALUE_MAGNITUDE && single >= -MAX_VALUE_MAGNITUDE) count = 1;
        else aside = [outOfRange(metric, single)];
      } else if (state === MISSING) {
        aside = [this.missingMetrics[m] as SetAside];
      } else {
        const reading = this.metricReading[m] as MetricReading;
        many = reading.values;
        count = many.length;
        aside = reading.setAside;
      }
      for (let s = 0; s < dimensionSets.length; s++) {
        // Indexed, not for-of: the iterator over the shared empty list was allocated for every value.
        for (let a = 0; a < aside.length; a++) {
          const entry = aside[a] as SetAside;
          out.setAside.push({ recordIndex: record, reason: entry.reason, detail: entry.detail });
        }
        if (count === 0) continue;
        if (this.setStamp[s] !== this.stamp) this.resolveSet(s);
        if (this.setState[s] === BLOCKED) {
          const block = this.setBlock[s] as SetAside;
          for (let k = 0; k < count; k++) {
            out.setAside.push({ recordIndex: record, reason: block.reason, detail: block.detail });
          }
          continue;
        }
        const series = this.seriesIndex(s, m, out.series);
        const folded = this.setFolded[s] as string[];
        const foldedCount = this.setFoldedCount[s] as number;
        for (let k = 0; k < count; k++) {
          const value = many === undefined ? single : (many[k] as number);
          for (let f = 0; f < foldedCount; f++) {
            out.folded.push({ valueIndex: out.builder.count, dimension: folded[f] as string });
          }
          out.builder.pushSeries(value, timestamp, series);
        }
      }
    }
  }

  /** Whether set `s` can take this record's values, and under which combination of kept values. */
  private resolveSet(s: number): void {
    this.setStamp[s] = this.stamp;
    const set = this.directive.dimensionSets[s] as readonly number[];
    const idKey = this.idKey(set);
    let slot = -1;
    if (idKey !== NOT_CACHED) {
      slot = s * RESOLVED_SLOTS + (Math.imul(idKey | 0, 0x9e3779b1) >>> 26);
      if (this.resolvedKeys[slot] === idKey) {
        this.setSeries[s] = this.resolvedSeries[slot] as Int32Array;
        this.setFoldedCount[s] = 0;
        this.setState[s] = PUBLISHABLE;
        return;
      }
    }
    for (const d of set) {
      const id = this.dimensionId[d] as number;
      let detail: string | undefined;
      let reason: SetAside['reason'] = 'BadDimension';
      if (id === DIMENSION_MISSING) {
        detail = this.missingDimensions[d];
        reason = 'MissingDimension';
      } else if (id === DIMENSION_BAD) {
        detail = this.dimensionDetail[d];
      } else {
        detail = (this.dimensionValues[d] as DimensionValues).problems[id];
      }
      if (detail !== undefined) {
        this.setState[s] = BLOCKED;
        this.setBlock[s] = { reason, detail };
        return;
      }
    }
    // Every dimension has a value CloudWatch takes: the guard decides which are kept, in set order.
    const folded = this.setFolded[s] as string[];
    let foldedCount = 0;
    let numeric = 0;
    let text = '';
    for (let k = 0; k < set.length; k++) {
      const d = set[k] as number;
      const values = this.dimensionValues[d] as DimensionValues;
      const kept = values.keptIndex(this.dimensionId[d] as number, this.scope);
      if (kept === OVERFLOW_INDEX) folded[foldedCount++] = values.dimension.name;
      if (set.length <= NUMERIC_KEY_DIMENSIONS) numeric += kept * (KEY_WEIGHTS[k] as number);
      else text += `${kept},`;
    }
    this.setFoldedCount[s] = foldedCount;
    const key = set.length <= NUMERIC_KEY_DIMENSIONS ? numeric : text;
    const table = this.seriesTables[s] as Map<number | string, Int32Array>;
    let perMetric = table.get(key);
    if (perMetric === undefined) {
      perMetric = new Int32Array(this.directive.metrics.length).fill(-1);
      table.set(key, perMetric);
    }
    this.setSeries[s] = perMetric;
    this.setState[s] = PUBLISHABLE;
    if (slot >= 0 && foldedCount === 0) {
      this.resolvedKeys[slot] = idKey;
      this.resolvedSeries[slot] = perMetric;
    }
  }

  /** The set's dimension ids as one number, or NOT_CACHED (a missing or bad value, a large id, a large set). */
  private idKey(set: readonly number[]): number {
    if (!this.rememberCombinations || set.length > NUMERIC_KEY_DIMENSIONS) return NOT_CACHED;
    let key = 0;
    for (let k = 0; k < set.length; k++) {
      const id = this.dimensionId[set[k] as number] as number;
      if (id < 0 || id >= RESOLVED_ID_LIMIT) return NOT_CACHED;
      key = key * RESOLVED_ID_LIMIT + id;
    }
    return key;
  }

  private seriesIndex(s: number, m: number, series: Series[]): number {
    const perMetric = this.setSeries[s] as Int32Array;
    let index = perMetric[m] as number;
    if (index < 0) {
      index = series.length;
      series.push({ namespace: this.directive.namespace, definition: this.definition(s, m) });
      perMetric[m] = index;
    }
    return index;
  }

  /**
   * The metric of set `s` with this record's (kept or overflow) dimension values: the same object as in earlier
   * invocations for the same values (MAX_KEPT_DEFINITIONS).
   */
  private definition(s: number, m: number): MetricDefinition {
    const set = this.directive.dimensionSets[s] as readonly number[];
    const texts = set.map((d) => {
      const values = this.dimensionValues[d] as DimensionValues;
      const id = this.dimensionId[d] as number;
      const kept = values.keptIndex(id, this.scope) !== OVERFLOW_INDEX;
      return kept ? (values.texts[id] as string) : values.dimension.overflow;
    });
    const key = JSON.stringify([s, m, texts]);
    let definition = this.definitions.get(key);
    if (definition === undefined) {
      if (this.definitions.size >= MAX_KEPT_DEFINITIONS) this.definitions.clear();
      definition = this.newDefinition(s, m, texts);
      this.definitions.set(key, definition);
    }
    return definition;
  }

  /** A definition of metric `m` with the fixed dimensions and set `s`'s dimensions holding `texts`. */
  private newDefinition(s: number, m: number, texts: readonly string[]): MetricDefinition {
    const metric = this.directive.metrics[m] as (typeof this.directive.metrics)[number];
    const entries = Object.entries(this.directive.fixedDimensions);
    const set = this.directive.dimensionSets[s] as readonly number[];
    set.forEach((d, k) => {
      entries.push([(this.dimensionValues[d] as DimensionValues).dimension.name, texts[k] as string]);
    });
    // Built from entries: assigning a dimension named `__proto__` would set a prototype and drop it.
    const dimensions: Record<string, string> = Object.fromEntries(entries);
    const definition: { -readonly [K in keyof MetricDefinition]: MetricDefinition[K] } = {
      name: metric.name,
      dimensions,
    };
    if (metric.unit !== undefined) definition.unit = metric.unit;
    if (metric.storageResolution !== undefined) definition.storageResolution = metric.storageResolution;
    // Shared by every invocation that meets these values: nothing may change it.
    Object.freeze(dimensions);
    return Object.freeze(definition);
  }
}
