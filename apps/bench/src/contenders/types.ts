import type { OutputSink } from '../output.js';
import type { KeyedBatch, KinesisEvent, WorkloadSpec } from '../workloads.js';

/**
 * One contender set up for one workload: `process` does what its Lambda handler (or service flush) would do
 * with one batch, minus the network. It may return a promise (the EMF library's flush is async).
 */
export interface Contender<Batch> {
  process(batch: Batch): unknown;
}

export type KinesisContenderFactory = (spec: WorkloadSpec, sink: OutputSink) => Contender<KinesisEvent>;
export type KeyedContenderFactory = (spec: WorkloadSpec, sink: OutputSink) => Contender<KeyedBatch>;
