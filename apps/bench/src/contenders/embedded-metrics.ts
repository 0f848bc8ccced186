/**
 * aws-embedded-metrics, used as its documentation shows for Lambda: a MetricsLogger per invocation,
 * `putMetric` per value, then `flush()`. It writes EMF log lines to stdout (at most 100 values per metric per
 * line); the bench captures and counts them.
 */

import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import { Configuration, createMetricsLogger, Unit } from 'aws-embedded-metrics';
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

/** Lambda: metadata from the function's environment, lines to stdout, no environment probing over HTTP. */
function useLambdaEnvironment(): void {
  Configuration.environmentOverride = 'Lambda' as typeof Configuration.environmentOverride;
}

export function embeddedMetricsKinesis(_spec: WorkloadSpec, _sink: OutputSink): Contender<KinesisEvent> {
  useLambdaEnvironment();
  const dimensions = { [TYPE_DIMENSION]: TYPE_BY_KIND.aggregated };
  return {
    async process(event) {
      const metrics = createMetricsLogger();
      metrics.setNamespace(KINESIS_NAMESPACE);
      metrics.setDimensions(dimensions);
      for (const record of event.Records) {
        const value = plainDecode(record);
        if (Number.isNaN(value)) continue;
        metrics.putMetric(KINESIS_METRIC_NAME, value, Unit.None);
      }
      await metrics.flush();
    },
  };
}

/** One dimension set per log line, as with Powertools: a logger per group. */
export function embeddedMetricsKeyed(_spec: WorkloadSpec, _sink: OutputSink): Contender<KeyedBatch> {
  useLambdaEnvironment();
  return {
    async process(batch) {
      for (const [dimensions, indices] of groupByDimensions(batch)) {
        const metrics = createMetricsLogger();
        metrics.setNamespace(MANY_METRICS_NAMESPACE);
        metrics.setDimensions({ ...dimensions });
        for (const i of indices) {
          const metric = MANY_METRICS_KEYS[batch.keys[i] as number] as (typeof MANY_METRICS_KEYS)[number];
          metrics.putMetric(metric.name, batch.values[i] as number, Unit.Milliseconds);
        }
        await metrics.flush();
      }
    },
  };
}
