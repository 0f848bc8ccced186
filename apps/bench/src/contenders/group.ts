import { type KeyedBatch, MANY_METRICS_KEYS } from '../workloads.js';

type Dimensions = (typeof MANY_METRICS_KEYS)[number]['dimensions'];

/**
 * The EMF libraries put one dimension set on a log line, so a user with many keyed metrics groups values by
 * dimension set first. Grouping by the dimension object a service holds is the cheapest way to do it.
 */
export function groupByDimensions({ keys }: KeyedBatch): Map<Dimensions, number[]> {
  const groups = new Map<Dimensions, number[]>();
  for (let i = 0; i < keys.length; i++) {
    const { dimensions } = MANY_METRICS_KEYS[keys[i] as number] as (typeof MANY_METRICS_KEYS)[number];
    let group = groups.get(dimensions);
    if (group === undefined) {
      group = [];
      groups.set(dimensions, group);
    }
    group.push(i);
  }
  return groups;
}
