/**
 * What the handler tests share: one local CloudWatch per test file, emptied before each test unless told not
 * to, and a handler configured the way its Lambda function's environment would configure it, talking to an
 * endpoint over HTTP and keeping its log lines.
 */
import { type CloudWatchLocal, startCloudWatchLocal } from '@cwagg/cloudwatch-local';
import { afterAll, beforeAll, beforeEach } from 'vitest';
import {
  createAggregatedHandler,
  createCloudWatchClient,
  createSingleHandler,
  type HandlerKind,
  loadHandlerConfig,
} from '../../src/index.js';

/** The file's local CloudWatch (usable inside its tests: it starts before them and stops after them). */
export type LocalCloudWatch = Pick<CloudWatchLocal, 'endpoint' | 'stats' | 'reset'>;

export function useCloudWatchLocal(options: { resetBeforeEach?: boolean } = {}): LocalCloudWatch {
  let cloudwatch: CloudWatchLocal | undefined;
  const started = (): CloudWatchLocal => {
    if (cloudwatch === undefined)
      throw new Error('the local CloudWatch is not started yet (use it in a test)');
    return cloudwatch;
  };
  beforeAll(async () => {
    cloudwatch = await startCloudWatchLocal({ port: 0 });
  });
  afterAll(async () => {
    await cloudwatch?.stop();
  });
  if (options.resetBeforeEach !== false) beforeEach(() => started().reset());
  return {
    get endpoint() {
      return started().endpoint;
    },
    stats: () => started().stats(),
    reset: () => started().reset(),
  };
}

/** PutMetricData requests one kind of handler made (its SDK client's app id tells them apart). */
export function callsOf(cloudwatch: LocalCloudWatch, kind: HandlerKind): number {
  return cloudwatch.stats().byAppId[`cwagg-${kind}`]?.putMetricDataRequests ?? 0;
}

/**
 * A handler of `kind` publishing to `endpoint`, configured by `env` beyond the endpoint and LOG_LEVEL=info
 * (and, for the aggregated one, a tumbling-window state budget), with its client (a test making many destroys
 * each) and its log lines as text and parsed.
 */
export function handlerFor(
  kind: HandlerKind,
  endpoint: string,
  env: Record<string, string> = {},
  windowStateBudgetBytes?: number,
) {
  const logs: string[] = [];
  const config = loadHandlerConfig(kind, { CLOUDWATCH_ENDPOINT: endpoint, LOG_LEVEL: 'info', ...env });
  const deps = {
    config,
    client: createCloudWatchClient(config),
    logSink: (line: string) => logs.push(line),
    ...(windowStateBudgetBytes === undefined ? {} : { windowStateBudgetBytes }),
  };
  const handler = kind === 'aggregated' ? createAggregatedHandler(deps) : createSingleHandler(deps);
  // Parsed as JSON.parse gives them: the tests read whichever fields their lines have.
  return { handler, client: deps.client, logs, messages: () => logs.map((line) => JSON.parse(line)) };
}
