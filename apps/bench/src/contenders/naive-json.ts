/**
 * The naive way to read JSON records, written as most consumers do: Node's base64 decoder to a string,
 * JSON.parse, and a Map per key (metric and dimension values) holding counts per value; then Values/Counts
 * datums of at most 150 values, one request per batch. No validation beyond skipping what is not a number.
 * It is what the JSON fast path is measured against.
 */
import { TYPE_BY_KIND, TYPE_DIMENSION } from '@cwagg/kinesis';
import type { OutputSink } from '../output.js';
import {
  EVENT_DIRECTIVE,
  KINESIS_METRIC_NAME,
  KINESIS_NAMESPACE,
  type KinesisEvent,
  type WorkloadSpec,
} from '../workloads.js';
import { type DatumIdentity, datumsOf, send } from './baseline.js';
import type { Contender } from './types.js';

type KinesisRecord = KinesisEvent['Records'][number];

const TYPE = { Name: TYPE_DIMENSION, Value: TYPE_BY_KIND.aggregated };

function parsed(record: KinesisRecord): Record<string, unknown> {
  return JSON.parse(Buffer.from(record.kinesis.data, 'base64').toString()) as Record<string, unknown>;
}

/** `{"value": N}` records: the value's counts in one Map. */
function valueField(sink: OutputSink): Contender<KinesisEvent> {
  const identity: DatumIdentity = { MetricName: KINESIS_METRIC_NAME, Dimensions: [TYPE], Unit: 'None' };
  return {
    process(event) {
      const counts = new Map<number, number>();
      for (const record of event.Records) {
        const value = parsed(record).value;
        if (typeof value !== 'number') continue;
        counts.set(value, (counts.get(value) ?? 0) + 1);
      }
      return send(KINESIS_NAMESPACE, datumsOf(identity, counts, new Date()), sink);
    },
  };
}

/** Events: every metric under every dimension set, a Map of counts per key. */
function events(sink: OutputSink): Contender<KinesisEvent> {
  return {
    process(event) {
      const series = new Map<string, { identity: DatumIdentity; counts: Map<number, number> }>();
      for (const record of event.Records) {
        const document = parsed(record);
        for (const { Name, Unit } of EVENT_DIRECTIVE.Metrics) {
          const value = document[Name];
          if (typeof value !== 'number') continue;
          for (const set of EVENT_DIRECTIVE.Dimensions) {
            const values = set.map((dimension) => String(document[dimension]));
            const key = `${Name}|${values.join('|')}`;
            let entry = series.get(key);
            if (entry === undefined) {
              const dimensions = [TYPE, ...set.map((Name, i) => ({ Name, Value: values[i] as string }))];
              entry = { identity: { MetricName: Name, Dimensions: dimensions, Unit }, counts: new Map() };
              series.set(key, entry);
            }
            entry.counts.set(value, (entry.counts.get(value) ?? 0) + 1);
          }
        }
      }
      const timestamp = new Date();
      const datums = [...series.values()].flatMap(({ identity, counts }) =>
        datumsOf(identity, counts, timestamp),
      );
      return send(KINESIS_NAMESPACE, datums, sink);
    },
  };
}

export function naiveJsonKinesis(spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  return spec.payload === 'event' ? events(sink) : valueField(sink);
}
