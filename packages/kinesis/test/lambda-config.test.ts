/**
 * loadLambdaConfig, the cold-start configuration of the handler apps: the same configuration and the same
 * problems as loadHandlerConfig, whether METRICS (whose checks it imports on demand) is set or not.
 */
import { describe, expect, it } from 'vitest';
import {
  HandlerConfigError,
  handlerFromEnvironment,
  loadHandlerConfig,
  loadLambdaConfig,
} from '../src/index.js';

const METRICS =
  '{"Namespace":"Shop","Dimensions":[["route"]],"Metrics":[{"Name":"latencyMs","Unit":"Milliseconds"}]}';

const ENVIRONMENTS: Record<string, string>[] = [
  {},
  { NAMESPACE: 'Shop', UNIT: 'Milliseconds', VALUE_FIELD: 'a.b', DIMENSIONS: '{"Env":"demo"}' },
  { METRICS },
  { METRICS, RECORD_DIRECTIVE_NAMESPACES: 'Shop, Web', MAX_RELATIVE_ERROR: '0.01' },
  { RECORD_DIRECTIVE_NAMESPACES: 'Web' },
];

const REFUSED: Record<string, string>[] = [
  { UNIT: 'Secs' },
  { METRICS: '{"Metrics":' },
  { METRICS: '{"Dimensions":[["Type"]],"Metrics":[{"Name":"v","Unit":"Secs"}]}', VALUE_FIELD: 'v' },
  { METRICS, NAMESPACE: 'Web', STORAGE_RESOLUTION: '5' },
];

async function refusal(load: () => unknown): Promise<string> {
  try {
    await load();
  } catch (error) {
    expect(error).toBeInstanceOf(HandlerConfigError);
    return (error as Error).message;
  }
  throw new Error('expected the configuration to be refused');
}

describe('loadLambdaConfig', () => {
  it('reads the configuration loadHandlerConfig reads, with and without METRICS', async () => {
    for (const env of ENVIRONMENTS) {
      for (const kind of ['aggregated', 'single'] as const) {
        if (kind === 'single' && env.MAX_RELATIVE_ERROR) continue;
        expect(await loadLambdaConfig(kind, env), JSON.stringify(env)).toEqual(loadHandlerConfig(kind, env));
      }
    }
  });

  it('refuses what loadHandlerConfig refuses, with the same problems named', async () => {
    for (const env of REFUSED) {
      const lambda = await refusal(() => loadLambdaConfig('aggregated', env));
      expect(lambda).toBe(await refusal(() => loadHandlerConfig('aggregated', env)));
      expect(lambda).toMatch(/^Invalid aggregated handler configuration:\n- /);
    }
  });

  it('makes the handler through handlerFromEnvironment, and rejects a bad configuration there too', async () => {
    const handler = await handlerFromEnvironment('aggregated', {
      METRICS,
      CLOUDWATCH_ENDPOINT: 'http://127.0.0.1:9',
    });
    expect(typeof handler).toBe('function');
    expect(await refusal(() => handlerFromEnvironment('single', { METRICS: '[]' }))).toContain(
      'METRICS: the directive must be a JSON object',
    );
  });
});
