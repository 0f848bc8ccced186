import type { OutputSink } from '../output.js';
import type { AnyContenderName, KeyedBatch, KinesisEvent, WorkloadSpec } from '../workloads.js';
import { baselineKeyed, baselineKinesis } from './baseline.js';
import { cwaggHandler, cwaggKeyed, cwaggPath, singleHandler } from './cwagg.js';
import { embeddedMetricsKeyed, embeddedMetricsKinesis } from './embedded-metrics.js';
import { kplBaseline } from './kpl-baseline.js';
import { naiveJsonKinesis } from './naive-json.js';
import { powertoolsKeyed, powertoolsKinesis } from './powertools.js';
import { readingOnly } from './reading-only.js';
import type { Contender, KeyedContenderFactory, KinesisContenderFactory } from './types.js';

export type { Contender } from './types.js';

const KINESIS: Record<AnyContenderName, KinesisContenderFactory> = {
  cwagg: cwaggPath,
  cwaggHandler,
  // JSON records are read the naive way (base64 to a string, JSON.parse, a Map per key); KPL aggregates with
  // aws-kinesis-agg.
  baseline: (spec, sink) =>
    spec.payload === 'event' || spec.payload === 'valueField'
      ? naiveJsonKinesis(spec, sink)
      : spec.payload === 'kpl'
        ? kplBaseline(spec, sink)
        : baselineKinesis(spec, sink),
  powertools: powertoolsKinesis,
  embeddedMetrics: embeddedMetricsKinesis,
  single: singleHandler,
  readingOnly,
};

const KEYED: Partial<Record<AnyContenderName, KeyedContenderFactory>> = {
  cwagg: cwaggKeyed,
  baseline: baselineKeyed,
  powertools: powertoolsKeyed,
  embeddedMetrics: embeddedMetricsKeyed,
};

/** Sets up `name` for a workload; its output goes to `sink` (requests) or stdout (EMF lines). */
export function createContender(
  name: AnyContenderName,
  spec: WorkloadSpec,
  sink: OutputSink,
): Contender<KinesisEvent> | Contender<KeyedBatch> {
  if (spec.input === 'kinesis') return KINESIS[name](spec, sink);
  const factory = KEYED[name];
  if (factory === undefined) throw new Error(`${name} does not run the ${spec.name} workload`);
  return factory(spec, sink);
}
