import { createAggregatedHandler, createCloudWatchClient, loadHandlerConfig } from '@cwagg/kinesis/lambda';

/**
 * One aggregated flush per Kinesis batch, exactly once. The configuration is read and checked at cold
 * start; what the handler does is in @cwagg/kinesis (README: "The aggregated handler: exactly once").
 * The aggregated handler alone, not `handlerFromEnvironment`: that one takes either kind, and bundled the
 * one-request-per-record handler too.
 */
const config = loadHandlerConfig('aggregated', process.env);
export const handler = createAggregatedHandler({ config, client: createCloudWatchClient(config) });
