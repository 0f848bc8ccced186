/**
 * Powertools for AWS Lambda (TypeScript) Metrics, used as its documentation shows: one Metrics instance per
 * function, `addMetric` per value, `publishStoredMetrics()` at the end of the invocation. It writes EMF log
 * lines to stdout (at most 100 values per metric per line); the bench captures and counts them.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import type { OutputSink } from '../output.js';
import {
  type KeyedBatch,
  KINESIS_METRIC_NAME,
  KINESIS_NAMESPACE,
  type KinesisEvent,
  MANY_METRICS_KEYS,
  MANY_METRICS_NAMESPACE,
  type WorkloadSpec,
} from '../workloads.js';
import { groupByDimensions } from './group.js';
import { plainDecode } from './plain-decode.js';
import type { Contender } from './types.js';

export const SERVICE_NAME = 'cwagg-bench';

export function powertoolsKinesis(_spec: WorkloadSpec, _sink: OutputSink): Contender<KinesisEvent> {
  const metrics = new Metrics({
    namespace: KINESIS_NAMESPACE,
    serviceName: SERVICE_NAME,
    defaultDimensions: { [TYPE_DIMENSION]: TYPE_BY_KIND.aggregated },
  });
  return {
    process(event) {
      for (const record of event.Records) {
        const value = plainDecode(record);
        if (Number.isNaN(value)) continue;
        metrics.addMetric(KINESIS_METRIC_NAME, MetricUnit.NoUnit, value);
      }
      metrics.publishStoredMetrics();
    },
  };
}

/** EMF holds one dimension set per log line: values are grouped by dimension set, each group published. */
export function powertoolsKeyed(_spec: WorkloadSpec, _sink: OutputSink): Contender<KeyedBatch> {
  const metrics = new Metrics({ namespace: MANY_METRICS_NAMESPACE, serviceName: SERVICE_NAME });
  return {
    process(batch) {
      for (const [dimensions, indices] of groupByDimensions(batch)) {
        metrics.addDimensions(dimensions);
        for (const i of indices) {
          const metric = MANY_METRICS_KEYS[batch.keys[i] as number] as (typeof MANY_METRICS_KEYS)[number];
          metrics.addMetric(metric.name, MetricUnit.Milliseconds, batch.values[i] as number);
        }
        metrics.publishStoredMetrics();
      }
    },
  };
}
