/**
 * cwagg, measured without the network: the aggregated handler's path (decode, parse, validate, aggregate,
 * pack) for Kinesis workloads, the Aggregator for keyed values, and the whole handler with a client whose
 * `send` resolves at once (adds the publisher and the handler's log line).
 */
import type { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { Aggregator, type MetricDefinition } from '@cwagg/core';
import {
  createAggregatedHandler,
  createRunPlanner,
  createSingleHandler,
  decoderFor,
  type HandlerKind,
  loadHandlerConfig,
  releaseBatch,
} from '@cwagg/kinesis';
import type { OutputSink } from '../output.js';
import {
  type KeyedBatch,
  type KinesisEvent,
  MANY_METRICS_KEYS,
  MANY_METRICS_NAMESPACE,
  type WorkloadSpec,
} from '../workloads.js';
import type { Contender } from './types.js';

/** The handler's configuration for a workload, as the environment of its Lambda function would set it. */
export function handlerConfig(kind: HandlerKind, spec: WorkloadSpec) {
  const env: Record<string, string> = { LOG_LEVEL: 'info', ...spec.handlerEnv };
  if (kind === 'aggregated' && spec.maxRelativeError !== undefined) {
    env.MAX_RELATIVE_ERROR = String(spec.maxRelativeError);
  }
  return loadHandlerConfig(kind, env);
}

/** The handler's decoder + the run planner: exactly what the aggregated handler computes before it publishes. */
export function cwaggPath(spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  const config = handlerConfig('aggregated', spec);
  const clock = Date.now;
  const planner = createRunPlanner(config, clock);
  const decode = decoderFor(config, clock);
  return {
    process(event) {
      const batch = decode(event);
      const runs = planner.plan(batch);
      // As the handler does: the next batch reuses the columns of this one.
      releaseBatch(batch);
      for (const run of runs) for (const request of run.requests) sink.request(request);
      return runs;
    },
  };
}

/** A CloudWatch client that answers every PutMetricData at once, handing the input to the sink. */
function instantClient(sink: OutputSink): Pick<CloudWatchClient, 'send'> {
  const send = async (command: PutMetricDataCommand) => {
    sink.request(command.input);
    return { $metadata: { attempts: 1 } };
  };
  return { send } as unknown as Pick<CloudWatchClient, 'send'>;
}

function wholeHandler(kind: HandlerKind, spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  const deps = {
    config: handlerConfig(kind, spec),
    client: instantClient(sink),
    logSink: sink.log.bind(sink),
  };
  const handler = kind === 'aggregated' ? createAggregatedHandler(deps) : createSingleHandler(deps);
  return { process: (event) => handler(event) };
}

/** The aggregated handler itself, network excluded: the path above plus the publisher and its log line. */
export function cwaggHandler(spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  return wholeHandler('aggregated', spec, sink);
}

/** The one-call-per-record handler: counted (calls, bytes), not timed. */
export function singleHandler(spec: WorkloadSpec, sink: OutputSink): Contender<KinesisEvent> {
  return wholeHandler('single', spec, sink);
}

/** A service's flush: every value added with its metric definition, then one drain. */
export function cwaggKeyed(_spec: WorkloadSpec, sink: OutputSink): Contender<KeyedBatch> {
  const definitions: MetricDefinition[] = MANY_METRICS_KEYS.map((key) => ({
    name: key.name,
    unit: 'Milliseconds',
    dimensions: key.dimensions,
  }));
  const aggregator = new Aggregator({ namespace: MANY_METRICS_NAMESPACE });
  return {
    process({ keys, values }) {
      for (let i = 0; i < keys.length; i++) {
        aggregator.add(definitions[keys[i] as number] as MetricDefinition, values[i] as number);
      }
      const { requests } = aggregator.drain();
      for (const request of requests) sink.request(request);
      return requests;
    },
  };
}
