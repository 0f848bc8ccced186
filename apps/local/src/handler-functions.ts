/**
 * The two cwagg handlers as local functions: where their built bundles are, and the environment that
 * points them at a local CloudWatch endpoint.
 */
import { createRequire } from 'node:module';
import type { HandlerKind } from '@cwagg/kinesis';

/** The built handler bundle of each app (`pnpm build` makes them; turbo builds them before this app). */
export function handlerBundle(kind: HandlerKind): string {
  const require = createRequire(import.meta.url);
  return require.resolve(
    kind === 'single' ? '@cwagg/lambda-single/bundle' : '@cwagg/lambda-aggregated/bundle',
  );
}

/**
 * The environment a local function needs to reach a local CloudWatch endpoint: the handler's endpoint
 * setting, the local (dummy) credentials and region, and the SDK's Node 20 notice off. `overrides` wins.
 */
export function localFunctionEnvironment(
  cloudwatchEndpoint: string,
  overrides: Readonly<Record<string, string>> = {},
): Record<string, string> {
  return {
    CLOUDWATCH_ENDPOINT: cloudwatchEndpoint,
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    ...overrides,
  };
}
