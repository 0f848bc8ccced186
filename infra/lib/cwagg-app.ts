import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { type InfraConfig, readConfig } from './config.js';
import { DashboardStack } from './dashboard-stack.js';
import { MetricFunctionStack } from './function-stack.js';
import {
  AGGREGATED_HANDLER,
  checkedBundle,
  defaultBundle,
  HANDLERS,
  type HandlerSpec,
  SINGLE_HANDLER,
} from './handlers.js';
import { StreamStack } from './stream-stack.js';

/** Stable stack ids: the package scripts and the README deploy by these. */
export const STREAM_STACK_ID = 'CwaggStream';
export const DASHBOARD_STACK_ID = 'CwaggDashboard';

export interface CwaggAppOptions {
  /**
   * What to deploy instead of the handler apps' own `dist/lambda.zip`: a zip file, or a directory deployed as
   * it is (tests use this).
   */
  readonly bundles?: Partial<Record<'single' | 'aggregated', string>>;
  /** Run cdk-nag's AwsSolutions checks at synth (default true). */
  readonly nag?: boolean;
}

export interface CwaggStacks {
  readonly config: InfraConfig;
  readonly stream: StreamStack;
  readonly single: MetricFunctionStack;
  readonly aggregated: MetricFunctionStack;
  readonly dashboard: DashboardStack;
}

/**
 * Adds every cwagg stack to `app`, configured from the app's context (`-c key=value`).
 * The stacks are environment-agnostic: they deploy to the account and Region of the credentials in use.
 *
 * @throws InfraConfigError for a bad context value, MissingBundleError when a handler app is not built
 */
export function addCwaggStacks(app: App, options: CwaggAppOptions = {}): CwaggStacks {
  const config = readConfig(app.node.getAllContext());
  // Check both bundles before building anything, so a missing one fails synth with nothing half-done.
  const bundle = (handler: HandlerSpec) =>
    checkedBundle(handler, options.bundles?.[handler.kind] ?? defaultBundle(handler));
  const singleCode = bundle(SINGLE_HANDLER);
  const aggregatedCode = bundle(AGGREGATED_HANDLER);

  const stream = new StreamStack(app, STREAM_STACK_ID, {
    description: 'cwagg: the Kinesis stream both functions read, and the producer policy',
    config,
  });
  const functionStack = (handler: HandlerSpec, code: string) =>
    new MetricFunctionStack(app, handler.stackId, {
      description: `cwagg: the ${handler.title} handler reading the stream`,
      config,
      handler,
      stream: stream.stream,
      code,
    });
  const single = functionStack(SINGLE_HANDLER, singleCode);
  const aggregated = functionStack(AGGREGATED_HANDLER, aggregatedCode);
  const dashboard = new DashboardStack(app, DASHBOARD_STACK_ID, {
    description: 'cwagg: dashboard comparing the two handlers',
    config,
    handlers: HANDLERS,
    stream: stream.stream,
  });

  if (options.nag !== false) Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { config, stream, single, aggregated, dashboard };
}
