import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InfraConfigError, PARAMETER_KEYS } from '../lib/config.js';
import { addCwaggStacks } from '../lib/cwagg-app.js';
import { infraPackageDir, MissingBundleError } from '../lib/handlers.js';
import {
  cdkJsonContext,
  createWorkspace,
  onlyResource,
  renderJoin,
  synthesize,
  type Workspace,
} from './support/synth.js';

let workspace: Workspace;
beforeAll(() => {
  workspace = createWorkspace();
});
afterAll(() => workspace.cleanup());

describe('context parameters', () => {
  it('with metrics and record directives: METRICS in both functions, PutMetricData allowed in every namespace they write', () => {
    const metrics = '{"Namespace":"Shop","Dimensions":[["route"]],"Metrics":[{"Name":"latencyMs"}]}';
    const synth = synthesize(workspace, { metrics, recordDirectiveNamespaces: 'Functions' });
    for (const kind of ['single', 'aggregated'] as const) {
      const template = synth.templates[kind];
      const fn = onlyResource(template, 'AWS::Lambda::Function');
      expect(fn.props.Environment.Variables).toEqual({
        NAMESPACE: 'Shop',
        METRICS: metrics,
        RECORD_DIRECTIVE_NAMESPACES: 'Functions',
        NODE_OPTIONS: '--enable-source-maps',
      });
      const policy = onlyResource(template, 'AWS::IAM::Policy');
      expect(JSON.stringify(policy.props)).toContain(
        '{"StringEquals":{"cloudwatch:namespace":["Shop","Functions"]}}',
      );
    }
  });

  it('reach the stream, both functions, their mappings, IAM condition and alarms', () => {
    const synth = synthesize(workspace, {
      shardCount: '3',
      retentionHours: '48',
      batchSize: '10000',
      batchingWindowSeconds: '20',
      parallelizationFactor: '4',
      retryAttempts: '7',
      maxRecordAgeSeconds: '600',
      memoryMb: '1024',
      timeoutSeconds: '300',
      logRetentionDays: '90',
      namespace: 'Shop',
      metricName: 'Latency',
      iteratorAgeAlarmSeconds: '120',
      unit: 'Milliseconds',
      dimensions: '{"Env":"demo"}',
      valueField: 'latency.ms',
      maxRelativeError: '0.01',
    });
    synth.templates.stream.hasResourceProperties('AWS::Kinesis::Stream', {
      ShardCount: 3,
      RetentionPeriodHours: 48,
    });
    for (const template of [synth.templates.single, synth.templates.aggregated]) {
      template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
        BatchSize: 10_000,
        MaximumBatchingWindowInSeconds: 20,
        ParallelizationFactor: 4,
        MaximumRetryAttempts: 7,
        MaximumRecordAgeInSeconds: 600,
      });
      template.hasResourceProperties('AWS::Lambda::Function', {
        MemorySize: 1024,
        Timeout: 300,
        Environment: { Variables: { NAMESPACE: 'Shop', METRIC_NAME: 'Latency' } },
      });
      template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 90 });
      const policy = onlyResource(template, 'AWS::IAM::Policy');
      expect(JSON.stringify(policy.props)).toContain('{"StringEquals":{"cloudwatch:namespace":"Shop"}}');
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        MetricName: 'IteratorAge',
        Threshold: 120_000,
      });
    }
    const environment = (kind: 'single' | 'aggregated') =>
      onlyResource(synth.templates[kind], 'AWS::Lambda::Function').props.Environment.Variables;
    const common = {
      NAMESPACE: 'Shop',
      METRIC_NAME: 'Latency',
      UNIT: 'Milliseconds',
      STORAGE_RESOLUTION: '60',
      DIMENSIONS: '{"Env":"demo"}',
      VALUE_FIELD: 'latency.ms',
      NODE_OPTIONS: '--enable-source-maps',
    };
    expect(environment('single')).toEqual(common);
    // Bounded error is for the aggregated handler only; the single-value one refuses the setting.
    expect(environment('aggregated')).toEqual({ ...common, MAX_RELATIVE_ERROR: '0.01' });
    // The dashboard looks the metrics up with the dimensions the handlers publish them with.
    const dashboard = onlyResource(synth.templates.dashboard, 'AWS::CloudWatch::Dashboard');
    const metrics = JSON.parse(renderJoin(dashboard.props.DashboardBody)).widgets.flatMap(
      (w: { properties: { metrics?: unknown[][] } }) => w.properties.metrics ?? [],
    ) as unknown[][];
    const calls = metrics.filter((m) => m[1] === 'PutMetricDataCalls');
    expect(calls.length).toBeGreaterThan(0);
    for (const line of calls)
      expect(line.slice(0, 6)).toEqual([
        'Shop',
        'PutMetricDataCalls',
        'Env',
        'demo',
        'Type',
        expect.any(String),
      ]);
  });

  it("tumblingWindowSeconds sets the aggregated mapping's TumblingWindowInSeconds only; unset, no window anywhere", () => {
    const windowed = synthesize(workspace, { tumblingWindowSeconds: '60' });
    windowed.templates.aggregated.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      TumblingWindowInSeconds: 60,
      BatchSize: 150,
    });
    const single = onlyResource(windowed.templates.single, 'AWS::Lambda::EventSourceMapping');
    expect(single.props).not.toHaveProperty('TumblingWindowInSeconds');
    const plain = synthesize(workspace, {});
    for (const kind of ['single', 'aggregated'] as const) {
      const mapping = onlyResource(plain.templates[kind], 'AWS::Lambda::EventSourceMapping');
      expect(mapping.props, kind).not.toHaveProperty('TumblingWindowInSeconds');
    }
    // The dashboard says what the window costs: metrics when a window closes, not per batch.
    const intro = (synth: typeof plain) =>
      renderJoin(onlyResource(synth.templates.dashboard, 'AWS::CloudWatch::Dashboard').props.DashboardBody);
    expect(intro(windowed)).toContain('60-second tumbling windows');
    expect(intro(windowed)).toContain('its metrics appear when a window closes, not per batch');
    expect(intro(plain)).not.toContain('tumbling');
  });

  it('are refused before any stack is built when a value is bad', () => {
    const app = new App({
      outdir: workspace.outdir(),
      context: { batchSize: '10001', parallelizationFactor: '0' },
    });
    expect(() => addCwaggStacks(app, { bundles: workspace.bundles })).toThrow(InfraConfigError);
    expect(() => addCwaggStacks(app, { bundles: workspace.bundles })).toThrow(
      /batchSize: must be an integer from 1 to 10000 \(got "10001"\)[\s\S]*parallelizationFactor: must be/,
    );
    expect(app.node.children).toHaveLength(0);
  });

  it('are all documented in the README with a -c example', () => {
    const readme = readFileSync(join(infraPackageDir(), 'README.md'), 'utf8');
    for (const key of PARAMETER_KEYS) expect(readme, key).toContain(`| \`${key}\``);
    expect(readme).toMatch(/-c batchSize=\d+/);
  });
});

describe('a handler bundle missing', () => {
  it('fail synth with what to build when one is missing, before anything is staged', () => {
    const notBuilt = join(workspace.root, 'not-built', 'lambda.zip');
    const outdir = workspace.outdir();
    const app = new App({ outdir, context: cdkJsonContext() });
    let error: unknown;
    try {
      addCwaggStacks(app, { bundles: { ...workspace.bundles, aggregated: notBuilt } });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(MissingBundleError);
    expect((error as Error).message).toContain('The @cwagg/lambda-aggregated Lambda bundle is missing');
    expect((error as Error).message).toContain('pnpm --filter @cwagg/lambda-aggregated run build');
    expect(app.node.children).toHaveLength(0);
    expect(existsSync(outdir) ? readdirSync(outdir) : []).toEqual([]);
  });
});
