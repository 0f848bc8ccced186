/**
 * How a measuring process hands each invocation its event (a workload's `delivery`). From the pool, the same
 * objects come round again and again: their memory stays warm. Fresh, each event is parsed from its JSON text
 * just before its invocation, as the Lambda runtime parses what the Runtime API sends: new objects, caches full
 * of the parse, and young garbage that a collection during the invocation must step over. Measured on the
 * 2-core VM, cwagg's decoding of the same batches of 10,000 records took 36 to 116 ns per record from the pool
 * (which batches were slow depended on where the generator's objects had landed) and 52 to 72 ns fresh.
 */
import type { KeyedBatch, KinesisEvent, WorkloadSpec } from './workloads.js';

export type AnyBatch = KinesisEvent | KeyedBatch;

/** The event of invocation `index` (the pool is cycled through). */
export type Delivery = (index: number) => AnyBatch;

export function deliveryFor(spec: WorkloadSpec, batches: readonly AnyBatch[]): Delivery {
  if (spec.delivery !== 'fresh') return (index) => batches[index % batches.length] as AnyBatch;
  if (spec.input !== 'kinesis') throw new Error(`${spec.name}: only Kinesis events can be delivered fresh`);
  // The texts alone are kept: the objects they came from would hold their memory for nothing.
  const texts = batches.map((batch) => JSON.stringify(batch));
  return (index) => JSON.parse(texts[index % texts.length] as string) as KinesisEvent;
}
