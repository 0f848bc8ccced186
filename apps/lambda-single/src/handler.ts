import { handlerFromEnvironment } from '@cwagg/kinesis/lambda';

/**
 * The baseline: one PutMetricData call per Kinesis record. The configuration is read and checked at cold
 * start (awaited here, so a bad one stops the function); what the handler does is in @cwagg/kinesis (README:
 * "The single-value handler: the baseline").
 */
export const handler = await handlerFromEnvironment('single');
