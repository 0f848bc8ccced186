/**
 * Series to PutMetricData datums: the values sorted and cut into datums of at most 150, each with its Counts
 * and a StatisticValues set, so that what CloudWatch combines from them is exactly the series' own count,
 * sum, min and max. The first datum carries the series' minimum and the last its maximum (every value lies
 * between them: representatives are kept inside each point's min..max); the inner ones their own lowest and
 * highest value. The sum is shared out: each datum's values times their counts, plus its share (by count) of
 * the difference between the exact sum and what the representatives add up to.
 */
import type { MetricDatum } from '@cwagg/core';
import { MAX_VALUES_PER_DATUM } from '@cwagg/core/limits';
import { CompensatedSum, type Series } from './series.js';

export function datumsOf(series: Series, storageResolution: 1 | 60): MetricDatum[] {
  const values = [...series.counts.keys()].sort((a, b) => a - b);
  const represented = new CompensatedSum();
  for (const value of values) represented.add(value * (series.counts.get(value) as number));
  const residual = series.sum.value - represented.value;
  const timestamp = new Date(series.timestamp);
  const datums: MetricDatum[] = [];
  for (let from = 0; from < values.length; from += MAX_VALUES_PER_DATUM) {
    const chunk = values.slice(from, from + MAX_VALUES_PER_DATUM);
    const counts = chunk.map((value) => series.counts.get(value) as number);
    const count = new CompensatedSum();
    const sum = new CompensatedSum();
    chunk.forEach((value, i) => {
      count.add(counts[i] as number);
      sum.add(value * (counts[i] as number));
    });
    const first = from === 0;
    const last = from + MAX_VALUES_PER_DATUM >= values.length;
    // One datum: the exact sum itself, so that no rounding of a share moves it.
    const datumSum =
      first && last ? series.sum.value : sum.value + (residual * count.value) / series.sampleCount;
    const datum: MetricDatum = {
      MetricName: series.name,
      ...(series.dimensions.length > 0 ? { Dimensions: series.dimensions } : {}),
      Timestamp: timestamp,
      Values: chunk,
      StatisticValues: {
        SampleCount: first && last ? series.sampleCount : count.value,
        Sum: datumSum + 0,
        Minimum: first ? series.min : (chunk[0] as number),
        Maximum: last ? series.max : (chunk[chunk.length - 1] as number),
      },
      ...(series.unit === undefined ? {} : { Unit: series.unit }),
      ...(storageResolution === 1 ? { StorageResolution: 1 } : {}),
    };
    if (counts.some((c) => c !== 1)) datum.Counts = counts;
    datums.push(datum);
  }
  return datums;
}
