import { createAggregatedHandler, createCloudWatchClient, loadLambdaConfig } from '@cwagg/kinesis/lambda';

/**
 * One aggregated flush per Kinesis batch, exactly once. The configuration is read and checked at cold
 * start (awaited here, so a bad one stops the function; the METRICS checks load only when METRICS is set);
 * what the handler does is in @cwagg/kinesis (README: "The aggregated handler: exactly once"). The aggregated
 * handler alone, not `handlerFromEnvironment`: that one takes either kind, and bundled the
 * one-request-per-record handler too.
 */
const config = await loadLambdaConfig('aggregated', process.env);
export const handler = createAggregatedHandler({ config, client: createCloudWatchClient(config) });
