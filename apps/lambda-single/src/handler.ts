import { createCloudWatchClient, createSingleHandler, loadLambdaConfig } from '@cwagg/kinesis/lambda';

/**
 * The baseline: one PutMetricData call per Kinesis record. The configuration is read and checked at cold
 * start (awaited here, so a bad one stops the function); what the handler does is in @cwagg/kinesis (README:
 * "The single-value handler: the baseline"). The single handler alone, not `handlerFromEnvironment`: that one
 * takes either kind, and bundled the aggregated handler (its runs, its tumbling windows) too.
 */
const config = await loadLambdaConfig('single', process.env);
export const handler = createSingleHandler({ config, client: createCloudWatchClient(config) });
