import { handlerFromEnvironment } from '@cwagg/kinesis/lambda';

/**
 * The baseline: one PutMetricData call per Kinesis record. The configuration is read and checked at cold
 * start; what the handler does is in @cwagg/kinesis (README: "The single-value handler: the baseline").
 */
export const handler = handlerFromEnvironment('single');
