/**
 * What the handlers should publish when they read records with a mapping (METRICS): every payload is read here
 * with the same rules (@cwagg/core/mapping), so the demo knows each (metric, dimensions) series' values, the
 * records that cannot be read, and the values set aside. The cardinality guard is left out: a run whose
 * dimensions stay under their caps (the presets do) folds nothing, and one that folds is shown as such.
 */
import { type CompiledDirective, compileDirective, readDimension, readMetric } from '@cwagg/core/mapping';

export interface SeriesValues {
  metric: string;
  /** The dimensions the handlers give the series, their own `Type` left out. */
  dimensions: Readonly<Record<string, string>>;
  /** value -> how many records carried it. */
  values: Map<number, number>;
}

/** A series' key: its metric name and its dimensions sorted by name, `name{a=1,b=2}`. */
export function seriesKey(metric: string, dimensions: Readonly<Record<string, string>>): string {
  const sorted = Object.keys(dimensions)
    .sort()
    .map((name) => `${name}=${dimensions[name]}`);
  return `${metric}{${sorted.join(',')}}`;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export class MappedExpectation {
  readonly directive: CompiledDirective;
  readonly series = new Map<string, SeriesValues>();
  invalidRecords = 0;
  /** Values of readable records not published (one per value and dimension set). */
  setAside = 0;

  constructor(metrics: string) {
    this.directive = compileDirective(JSON.parse(metrics), { namespace: 'Demo' });
  }

  /** Reads one payload: its values into their series, or counted as invalid or set aside. */
  add(bytes: Uint8Array): boolean {
    let event: unknown;
    try {
      event = JSON.parse(utf8.decode(bytes));
    } catch {
      event = undefined;
    }
    if (event === null || typeof event !== 'object' || Array.isArray(event)) {
      this.invalidRecords++;
      return false;
    }
    const { metrics, dimensions, dimensionSets, fixedDimensions } = this.directive;
    const readings = dimensions.map((dimension) => readDimension(event, dimension));
    for (const metric of metrics) {
      const reading = readMetric(event, metric);
      for (const set of dimensionSets) {
        this.setAside += reading.setAside.length;
        if (reading.values.length === 0) continue;
        if (set.some((d) => readings[d]?.reason !== undefined)) {
          this.setAside += reading.values.length;
          continue;
        }
        const named: Record<string, string> = { ...fixedDimensions };
        for (const d of set) named[dimensions[d]?.name as string] = readings[d]?.value as string;
        const key = seriesKey(metric.name, named);
        let series = this.series.get(key);
        if (series === undefined) {
          series = { metric: metric.name, dimensions: named, values: new Map() };
          this.series.set(key, series);
        }
        for (const value of reading.values) {
          const sent = value + 0; // CloudWatch has no -0
          series.values.set(sent, (series.values.get(sent) ?? 0) + 1);
        }
      }
    }
    return true;
  }

  /**
   * The headline group: the first metric under the first dimension set. Each of its values is in exactly one
   * of its series, so their count, sum, minimum and maximum together are those of the metric's values.
   */
  headlineGroup(): HeadlineGroup {
    const { metrics, dimensionSets, dimensions, fixedDimensions } = this.directive;
    const names = (dimensionSets[0] ?? []).map((d) => dimensions[d]?.name as string);
    return {
      metric: metrics[0]?.name as string,
      dimensions: [...names, ...Object.keys(fixedDimensions)].sort(),
    };
  }

  /** The values of the headline group, its series merged. */
  headline(): Map<number, number> {
    const group = this.headlineGroup();
    const merged = new Map<number, number>();
    for (const series of this.series.values()) {
      if (!inGroup(series.metric, series.dimensions, group)) continue;
      for (const [value, count] of series.values) merged.set(value, (merged.get(value) ?? 0) + count);
    }
    return merged;
  }
}

/** A metric and the names of the dimensions its series carry (sorted). */
export interface HeadlineGroup {
  metric: string;
  dimensions: string[];
}

export function inGroup(
  metric: string,
  dimensions: Readonly<Record<string, string>>,
  group: HeadlineGroup,
): boolean {
  return metric === group.metric && Object.keys(dimensions).sort().join('\n') === group.dimensions.join('\n');
}
