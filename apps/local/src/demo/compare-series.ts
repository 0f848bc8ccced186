/**
 * With a mapping: each (metric, dimensions) series as both handlers published it, read back, against the
 * values sent; and the headline figures (the first metric under the first dimension set, its series merged).
 */
import { inGroup, seriesKey } from '../mapped-workload.js';
import type { HandlerSeries } from '../series-readback.js';
import {
  differences,
  emptyStatistics,
  type StatisticName,
  type Statistics,
  statisticsOf,
} from '../statistics.js';
import type { ProducedValues } from '../workload.js';

export interface SeriesRow {
  metric: string;
  /** The series' dimensions, the handlers' own `Type` left out. */
  dimensions: Record<string, string>;
  /** The statistics of the values sent to this series. */
  sent: Statistics;
  single: Statistics;
  aggregated: Statistics;
  /** With a tumbling window: the windowed column's. */
  windowed?: Statistics;
  /** Per handler, the statistics that differ from the values sent (empty: it published them exactly). */
  differs: { single: StatisticName[]; aggregated: StatisticName[]; windowed?: StatisticName[] };
}

export interface MappingResult {
  /** The METRICS both handlers read the records with. */
  metrics: string;
  /** Every series sent or published, by metric then dimensions. */
  series: SeriesRow[];
  /** Every series: both handlers read back exactly the statistics of the values sent. */
  agree: boolean;
  /** Values of readable records not published, one per value and dimension set: sent, and as each counted. */
  setAside: { sent: number; single: number; aggregated: number; windowed?: number };
  /** Values the cardinality guard folded into an overflow value, as each handler counted them. */
  folded: { single: number; aggregated: number; windowed?: number };
}

/** One summary of several series: counts and sums add up; percentiles exist only for a single series. */
export function mergedStatistics(list: readonly Statistics[]): Statistics {
  if (list.length === 1) return list[0] as Statistics;
  const merged = emptyStatistics();
  merged.SampleCount = list.reduce((sum, s) => sum + (s.SampleCount ?? 0), 0);
  if (merged.SampleCount === 0) return merged;
  const present = list.filter((s) => (s.SampleCount ?? 0) > 0);
  merged.Sum = present.reduce((sum, s) => sum + (s.Sum ?? 0), 0);
  merged.Minimum = Math.min(...present.map((s) => s.Minimum ?? Number.POSITIVE_INFINITY));
  merged.Maximum = Math.max(...present.map((s) => s.Maximum ?? Number.NEGATIVE_INFINITY));
  return merged;
}

export function compareSeries(
  metrics: string,
  produced: ProducedValues,
  single: HandlerSeries,
  aggregated: HandlerSeries,
  windowed?: HandlerSeries,
): MappingResult {
  const keys = new Set<string>();
  const sentByKey = new Map(
    (produced.mapped?.series ?? []).map((s) => [seriesKey(s.metric, s.dimensions), s]),
  );
  for (const key of [
    ...sentByKey.keys(),
    ...single.series.keys(),
    ...aggregated.series.keys(),
    ...(windowed?.series.keys() ?? []),
  ])
    keys.add(key);
  const series = [...keys].sort().map((key): SeriesRow => {
    const sent = sentByKey.get(key);
    const readSingle = single.series.get(key);
    const readAggregated = aggregated.series.get(key);
    const readWindowed = windowed?.series.get(key);
    const named = sent ?? readSingle ?? readAggregated ?? readWindowed;
    const sentStats =
      sent === undefined ? { ...emptyStatistics(), SampleCount: 0 } : statisticsOf(sent.values);
    const singleStats = readSingle?.stats ?? { ...emptyStatistics(), SampleCount: 0 };
    const aggregatedStats = readAggregated?.stats ?? { ...emptyStatistics(), SampleCount: 0 };
    const windowedStats = readWindowed?.stats ?? { ...emptyStatistics(), SampleCount: 0 };
    return {
      metric: named?.metric ?? key,
      dimensions: { ...(named?.dimensions ?? {}) },
      sent: sentStats,
      single: singleStats,
      aggregated: aggregatedStats,
      ...(windowed === undefined ? {} : { windowed: windowedStats }),
      differs: {
        single: differences(singleStats, sentStats),
        aggregated: differences(aggregatedStats, sentStats),
        ...(windowed === undefined ? {} : { windowed: differences(windowedStats, sentStats) }),
      },
    };
  });
  return {
    metrics,
    series,
    agree: series.every(
      (row) =>
        row.differs.single.length === 0 &&
        row.differs.aggregated.length === 0 &&
        (row.differs.windowed ?? []).length === 0,
    ),
    setAside: {
      sent: produced.mapped?.setAside ?? 0,
      single: single.invalidValues,
      aggregated: aggregated.invalidValues,
      ...(windowed === undefined ? {} : { windowed: windowed.invalidValues }),
    },
    folded: {
      single: single.foldedValues,
      aggregated: aggregated.foldedValues,
      ...(windowed === undefined ? {} : { windowed: windowed.foldedValues }),
    },
  };
}

/** The headline figures of a side: the series of the first metric under the first dimension set, merged. */
export function headlineStatistics(
  rows: readonly SeriesRow[],
  side: 'sent' | 'single' | 'aggregated' | 'windowed',
  produced: ProducedValues,
): Statistics {
  const group = produced.mapped?.headline;
  if (group === undefined) return { ...emptyStatistics(), SampleCount: 0 };
  return mergedStatistics(
    rows
      .filter((row) => inGroup(row.metric, row.dimensions, group))
      .map((row) => row[side] ?? { ...emptyStatistics(), SampleCount: 0 }),
  );
}
