import { ServiceError } from '../service-error.js';
import {
  getMetricDataInput,
  getMetricDataOutput,
  getMetricStatisticsInput,
  getMetricStatisticsOutput,
  listMetricsInput,
  listMetricsOutput,
  putMetricDataInput,
  putMetricDataOutput,
  type Shape,
} from '../shapes.js';
import type { MetricStore } from '../store.js';
import { getMetricData } from './get-metric-data.js';
import { getMetricStatistics } from './get-metric-statistics.js';
import { listMetrics } from './list-metrics.js';
import { type PutMetricDataTally, putMetricData } from './put-metric-data.js';
import type {
  GetMetricDataInput,
  GetMetricStatisticsInput,
  ListMetricsInput,
  PutMetricDataInput,
} from './types.js';

export interface OperationContext {
  store: MetricStore;
  nowMs: number;
  /** PutMetricData may write AWS/ namespaces (the allowAwsNamespaces option). */
  allowAwsNamespaces?: boolean;
}

export interface OperationResult {
  output: unknown;
  /** Set by PutMetricData: what it stored, for the counters. */
  tally?: PutMetricDataTally;
  /** Response headers beside the output, whatever the protocol. */
  headers?: Record<string, string>;
}

/** One operation: the shapes both codecs follow, and the protocol-independent behaviour. */
export interface Operation {
  name: string;
  input: Shape;
  output: Shape;
  run(input: unknown, context: OperationContext): OperationResult;
}

const OPERATIONS: Record<string, Operation> = {
  PutMetricData: {
    name: 'PutMetricData',
    input: putMetricDataInput,
    output: putMetricDataOutput,
    run: (input, { store, nowMs, allowAwsNamespaces }) => {
      const tally = putMetricData(input as PutMetricDataInput, store, nowMs, allowAwsNamespaces);
      const headers = tally.entityFailure ? { 'x-amzn-failure-message': tally.entityFailure } : undefined;
      return { output: {}, tally, ...(headers ? { headers } : {}) };
    },
  },
  GetMetricStatistics: {
    name: 'GetMetricStatistics',
    input: getMetricStatisticsInput,
    output: getMetricStatisticsOutput,
    run: (input, { store, nowMs }) => ({
      output: getMetricStatistics(input as GetMetricStatisticsInput, store, nowMs),
    }),
  },
  GetMetricData: {
    name: 'GetMetricData',
    input: getMetricDataInput,
    output: getMetricDataOutput,
    run: (input, { store, nowMs }) => ({ output: getMetricData(input as GetMetricDataInput, store, nowMs) }),
  },
  ListMetrics: {
    name: 'ListMetrics',
    input: listMetricsInput,
    output: listMetricsOutput,
    run: (input, { store, nowMs }) => ({ output: listMetrics(input as ListMetricsInput, store, nowMs) }),
  },
};

export const SUPPORTED_OPERATIONS = Object.keys(OPERATIONS);

export function unsupportedOperation(operation: string): ServiceError {
  return new ServiceError(
    'InvalidAction',
    `The operation ${operation.slice(0, 100)} is not served by cloudwatch-local; it serves ${SUPPORTED_OPERATIONS.join(', ')}.`,
  );
}

export function findOperation(name: string): Operation | undefined {
  return Object.hasOwn(OPERATIONS, name) ? OPERATIONS[name] : undefined;
}
