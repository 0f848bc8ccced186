import {
  HIGH_RESOLUTION,
  MAX_DATUMS_PER_REQUEST,
  MAX_ENTITY_METRIC_DATA,
  MAX_TIMESTAMP_AGE_MS,
  MAX_TIMESTAMP_FUTURE_MS,
  MAX_VALUE_MAGNITUDE,
  MAX_VALUES_PER_DATUM,
  STANDARD_RESOLUTION,
  STORAGE_RESOLUTIONS,
} from '../limits.js';
import { sameSum } from '../multiset-statistics.js';
import {
  invalidParameter,
  invalidValue,
  missingParameter,
  mutuallyExclusive,
  ServiceError,
} from '../service-error.js';
import type { MetricStore, Sample, Summary } from '../store.js';
import type { MetricDatumInput, PutMetricDataInput } from './types.js';
import { checkDimensions, checkMetricName, checkNamespace, checkUnit } from './validate.js';

/** What an accepted request added, for the counters. */
export interface PutMetricDataTally {
  /**
   * Set when StrictEntityValidation is false and an entity was not valid: the data was stored all the same,
   * and the answer carries this in its X-Amzn-Failure-Message header.
   */
  entityFailure?: string;
  datums: number;
  /** Entries of Values arrays plus single Values. */
  values: number;
  /** Sum of Counts (1 per Value, or per entry of Values without Counts); SampleCount for a bare statistic set. */
  samples: number;
}

function describeDuration(ms: number): string {
  const hours = ms / 3_600_000;
  return hours % 24 === 0 ? `${hours / 24} days` : `${hours} hours`;
}

function checkNumber(path: string, value: number): void {
  if (!Number.isFinite(value) || Math.abs(value) > MAX_VALUE_MAGNITUDE) {
    throw invalidValue(path, value);
  }
}

function checkTimestamp(path: string, timestampMs: number, nowMs: number): void {
  if (timestampMs < nowMs - MAX_TIMESTAMP_AGE_MS) {
    throw invalidParameter(
      `The parameter ${path} must specify a time no more than ${describeDuration(MAX_TIMESTAMP_AGE_MS)} in the past ` +
        `(got ${new Date(timestampMs).toISOString()}).`,
    );
  }
  if (timestampMs > nowMs + MAX_TIMESTAMP_FUTURE_MS) {
    throw invalidParameter(
      `The parameter ${path} must specify a time no more than ${describeDuration(MAX_TIMESTAMP_FUTURE_MS)} in the future ` +
        `(got ${new Date(timestampMs).toISOString()}).`,
    );
  }
}

/**
 * Whether percentiles (and the other statistics that need raw values) can come from a statistic set sent
 * alone. PutMetricData: only when "The SampleCount value of the statistic set is 1 and Min, Max, and Sum
 * are all equal", or "The Min and Max are equal, and Sum is equal to Min multiplied by SampleCount"; then
 * its values are SampleCount times Min. Sum is compared within the repository's SUM_RELATIVE_TOLERANCE
 * (a client adding 0.1 three times sends 0.30000000000000004).
 */
function revealsItsValues(set: {
  SampleCount: number;
  Sum: number;
  Minimum: number;
  Maximum: number;
}): boolean {
  if (set.Minimum !== set.Maximum) return false;
  if (set.SampleCount === 1) return set.Sum === set.Minimum;
  return sameSum(set.Sum, set.Minimum * set.SampleCount);
}

/** Validates one datum as CloudWatch does and turns it into what the store keeps (undefined: nothing to keep). */
function toSample(
  namespace: string,
  datum: MetricDatumInput,
  path: string,
  nowMs: number,
  tally: PutMetricDataTally,
): Sample | undefined {
  checkMetricName(`${path}.MetricName`, datum.MetricName);
  const dimensions = checkDimensions(`${path}.Dimensions`, datum.Dimensions);
  const unit = datum.Unit ?? 'None';
  if (datum.Unit !== undefined) checkUnit(`${path}.Unit`, datum.Unit);
  const resolution = datum.StorageResolution ?? STANDARD_RESOLUTION;
  if (!STORAGE_RESOLUTIONS.includes(resolution)) {
    throw invalidValue(
      `${path}.StorageResolution`,
      resolution,
      `It must be one of ${STORAGE_RESOLUTIONS.join(', ')}.`,
    );
  }
  const timestampMs = datum.Timestamp ?? nowMs;
  if (datum.Timestamp !== undefined) checkTimestamp(`${path}.Timestamp`, timestampMs, nowMs);

  const { Value: value, Values: values, Counts: counts, StatisticValues: set } = datum;
  const hasValues = values !== undefined && values.length > 0;
  if (value !== undefined && hasValues) throw mutuallyExclusive(`${path}.Value`, `${path}.Values`);
  if (value !== undefined && set) throw mutuallyExclusive(`${path}.Value`, `${path}.StatisticValues`);
  if (counts !== undefined && counts.length > 0 && !hasValues) {
    throw new ServiceError(
      'InvalidParameterCombination',
      `The parameter ${path}.Counts was given without ${path}.Values: each count belongs to a value.`,
    );
  }
  if (value === undefined && !hasValues && !set) {
    throw missingParameter(`${path}.Value`, `A datum needs Value, Values or StatisticValues.`);
  }

  const pairs: Array<[number, number]> = [];
  let samples = 0;
  if (value !== undefined) {
    checkNumber(`${path}.Value`, value);
    pairs.push([value, 1]);
    samples = 1;
    tally.values += 1;
  }
  if (values !== undefined && hasValues) {
    if (values.length > MAX_VALUES_PER_DATUM) {
      throw invalidParameter(
        `The collection ${path}.Values must not have more than ${MAX_VALUES_PER_DATUM} members; it has ${values.length}.`,
      );
    }
    if (counts !== undefined && counts.length !== values.length) {
      throw invalidParameter(
        `The parameters ${path}.Values and ${path}.Counts must have the same number of members; ` +
          `they have ${values.length} and ${counts.length}.`,
      );
    }
    values.forEach((v, i) => {
      checkNumber(`${path}.Values.member.${i + 1}`, v);
      const count = counts ? (counts[i] as number) : 1;
      const countPath = `${path}.Counts.member.${i + 1}`;
      checkNumber(countPath, count);
      if (count < 0) throw invalidValue(countPath, count, 'Counts must not be negative.');
      if (count > 0) pairs.push([v, count]);
      samples += count;
    });
    tally.values += values.length;
  }
  let summary: Summary | undefined;
  let noPercentiles = false;
  if (set) {
    checkNumber(`${path}.StatisticValues.SampleCount`, set.SampleCount);
    checkNumber(`${path}.StatisticValues.Sum`, set.Sum);
    checkNumber(`${path}.StatisticValues.Minimum`, set.Minimum);
    checkNumber(`${path}.StatisticValues.Maximum`, set.Maximum);
    if (set.SampleCount <= 0) {
      throw invalidValue(
        `${path}.StatisticValues.SampleCount`,
        set.SampleCount,
        'It must be greater than 0.',
      );
    }
    if (set.Minimum > set.Maximum) {
      throw invalidParameter(
        `The parameter ${path}.StatisticValues.Minimum (${set.Minimum}) must not be greater than ` +
          `${path}.StatisticValues.Maximum (${set.Maximum}).`,
      );
    }
    summary = { count: set.SampleCount, sum: set.Sum, min: set.Minimum, max: set.Maximum };
    if (!hasValues) {
      samples = set.SampleCount;
      if (revealsItsValues(set)) pairs.push([set.Minimum, set.SampleCount]);
      else noPercentiles = true;
    }
  }
  tally.samples += samples;
  if (!summary) {
    if (pairs.length === 0) return undefined; // every count was 0: nothing was observed
    summary = { count: 0, sum: 0, min: Infinity, max: -Infinity };
    for (const [v, c] of pairs) {
      summary.count += c;
      summary.sum += v * c;
      summary.min = Math.min(summary.min, v);
      summary.max = Math.max(summary.max, v);
    }
  }
  const second =
    resolution === HIGH_RESOLUTION
      ? Math.floor(timestampMs / 1000)
      : Math.floor(timestampMs / 1000 / STANDARD_RESOLUTION) * STANDARD_RESOLUTION;
  return {
    identity: { namespace, metricName: datum.MetricName, dimensions },
    unit,
    second,
    summary,
    values: pairs,
    noPercentiles,
  };
}

/**
 * EntityMetricData: "StrictEntityValidation ... is required when EntityMetricData is included", and "You
 * can include up to two EntityMetricData objects". With StrictEntityValidation true a third one fails the
 * request; with false the data is stored and the failure named EntitySizeTooLarge is returned beside it.
 * The entities themselves are not kept (nothing here reads them back).
 */
function checkEntities(input: PutMetricDataInput): string | undefined {
  const entities = input.EntityMetricData ?? [];
  if (entities.length === 0) return undefined;
  if (input.StrictEntityValidation === undefined) {
    throw missingParameter('StrictEntityValidation', 'It is required when EntityMetricData is given.');
  }
  if (entities.length <= MAX_ENTITY_METRIC_DATA) return undefined;
  if (input.StrictEntityValidation) {
    throw invalidParameter(
      `The collection EntityMetricData must not have more than ${MAX_ENTITY_METRIC_DATA} members; it has ` +
        `${entities.length} (EntitySizeTooLarge).`,
    );
  }
  return 'EntitySizeTooLarge';
}

/** Validates the whole request first, then stores all of it or nothing. */
export function putMetricData(
  input: PutMetricDataInput,
  store: MetricStore,
  nowMs: number,
  allowAwsNamespaces = false,
): PutMetricDataTally {
  checkNamespace('Namespace', input.Namespace, allowAwsNamespaces);
  const entityFailure = checkEntities(input);
  const datums: Array<[MetricDatumInput, string]> = [];
  input.MetricData?.forEach((d, i) => {
    datums.push([d, `MetricData.member.${i + 1}`]);
  });
  input.EntityMetricData?.forEach((entity, i) => {
    entity.MetricData?.forEach((d, j) => {
      datums.push([d, `EntityMetricData.member.${i + 1}.MetricData.member.${j + 1}`]);
    });
  });
  if (datums.length === 0) throw missingParameter('MetricData');
  if (datums.length > MAX_DATUMS_PER_REQUEST) {
    throw invalidParameter(
      `The collection MetricData must not have more than ${MAX_DATUMS_PER_REQUEST} members ` +
        `(MetricData and EntityMetricData together); it has ${datums.length}.`,
    );
  }
  const tally: PutMetricDataTally = { datums: datums.length, values: 0, samples: 0 };
  if (entityFailure) tally.entityFailure = entityFailure;
  const samples: Sample[] = [];
  for (const [datum, path] of datums) {
    const sample = toSample(input.Namespace, datum, path, nowMs, tally);
    if (sample) samples.push(sample);
  }
  store.add(samples, nowMs);
  return tally;
}
