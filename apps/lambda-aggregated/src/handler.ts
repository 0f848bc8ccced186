import { handlerFromEnvironment } from '@cwagg/kinesis';

/**
 * One aggregated flush per Kinesis batch, exactly once. The configuration is read and checked at cold
 * start; what the handler does is in @cwagg/kinesis (README: "The aggregated handler: exactly once").
 */
export const handler = handlerFromEnvironment('aggregated');
