/**
 * What the exporter asks of the SDK. Temporality follows the specification's "delta" preference: counters
 * and histograms as deltas (CloudWatch adds up what each minute receives), up-down counters cumulative (their
 * value is a level, such as items in a queue). Gauges are levels too: collected cumulatively, a gauge is
 * sent at every export with its last value, as CloudWatch expects of a level. Histograms are exponential
 * by default (bounded relative error, buckets only where the data is), or explicit with the boundaries set.
 */
import {
  type AggregationOption,
  AggregationTemporality,
  AggregationType,
  InstrumentType,
} from '@opentelemetry/sdk-metrics';

export function temporalityFor(instrumentType: InstrumentType): AggregationTemporality {
  switch (instrumentType) {
    case InstrumentType.UP_DOWN_COUNTER:
    case InstrumentType.OBSERVABLE_UP_DOWN_COUNTER:
    case InstrumentType.GAUGE:
    case InstrumentType.OBSERVABLE_GAUGE:
      return AggregationTemporality.CUMULATIVE;
    default:
      return AggregationTemporality.DELTA;
  }
}

export interface HistogramChoice {
  histogram: 'exponential' | 'explicit';
  maxBuckets: number;
  boundaries: number[];
}

export function aggregationFor(instrumentType: InstrumentType, choice: HistogramChoice): AggregationOption {
  if (instrumentType !== InstrumentType.HISTOGRAM) return { type: AggregationType.DEFAULT };
  if (choice.histogram === 'explicit') {
    return {
      type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
      options: { boundaries: [...choice.boundaries], recordMinMax: true },
    };
  }
  return {
    type: AggregationType.EXPONENTIAL_HISTOGRAM,
    options: { maxSize: choice.maxBuckets, recordMinMax: true },
  };
}
