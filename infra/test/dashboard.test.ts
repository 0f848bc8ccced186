import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVALID_RECORDS_METRIC, PUT_METRIC_DATA_CALLS_METRIC } from '../lib/dashboard-stack.js';
import { AGGREGATED_HANDLER, HANDLERS, SINGLE_HANDLER } from '../lib/handlers.js';
import { createWorkspace, onlyResource, renderJoin, synthesize, type Workspace } from './support/synth.js';

interface Widget {
  type: string;
  width: number;
  x: number;
  y: number;
  properties: { title?: string; markdown?: string; metrics?: unknown[][]; alarms?: string[] };
}

let workspace: Workspace;
let widgets: Widget[];

/** Dashboard widgets of a synthesized app, parsed from the template's DashboardBody. */
function dashboardWidgets(context: Record<string, unknown> = {}): Widget[] {
  const synth = synthesize(workspace, context);
  const dashboard = onlyResource(synth.templates.dashboard, 'AWS::CloudWatch::Dashboard');
  return JSON.parse(renderJoin(dashboard.props.DashboardBody)).widgets;
}

/** Metric lines as [namespace, metricName, dimension name, value, options]. */
function metricLines(widget: Widget | undefined): unknown[][] {
  return widget?.properties.metrics ?? [];
}

function widgetTitled(pattern: RegExp): Widget {
  const found = widgets.filter((w) => pattern.test(w.properties.title ?? ''));
  if (found.length !== 1) throw new Error(`expected one widget titled ${pattern}, found ${found.length}`);
  return found[0] as Widget;
}

beforeAll(() => {
  workspace = createWorkspace();
  widgets = dashboardWidgets();
});
afterAll(() => workspace.cleanup());

describe('dashboard', () => {
  it('is named cwagg and linked from an output', () => {
    const synth = synthesize(workspace);
    synth.templates.dashboard.hasResourceProperties('AWS::CloudWatch::Dashboard', { DashboardName: 'cwagg' });
    expect(renderJoin(synth.templates.dashboard.toJSON().Outputs.DashboardUrl.Value)).toContain(
      '#dashboards/dashboard/cwagg',
    );
  });

  it('shows PutMetricData calls per function, from PutMetricDataCalls with each Type', () => {
    for (const widget of [
      widgetTitled(/^PutMetricData calls per minute/),
      widgetTitled(/calls in the time range/),
    ]) {
      expect(metricLines(widget).map((m) => m.slice(0, 4))).toEqual(
        HANDLERS.map((h) => ['PutMetricDataExample', PUT_METRIC_DATA_CALLS_METRIC, 'Type', h.typeDimension]),
      );
      for (const line of metricLines(widget)) expect(line[4]).toMatchObject({ stat: 'Sum' });
    }
  });

  it('puts p50, p90 and p99 of the metric for both Types side by side', () => {
    const single = widgetTitled(/p50 \/ p90 \/ p99: single/);
    const aggregated = widgetTitled(/p50 \/ p90 \/ p99: values and counts/);
    for (const [widget, handler] of [
      [single, SINGLE_HANDLER],
      [aggregated, AGGREGATED_HANDLER],
    ] as const) {
      expect(metricLines(widget).map((m) => [...m.slice(0, 4), (m[4] as { stat: string }).stat])).toEqual(
        ['p50', 'p90', 'p99'].map((p) => [
          'PutMetricDataExample',
          'PutMetricDataExample',
          'Type',
          handler.typeDimension,
          p,
        ]),
      );
    }
    // Same row, left and right halves.
    expect(single.y).toBe(aggregated.y);
    expect([single.x, single.width, aggregated.x, aggregated.width]).toEqual([0, 12, 12, 12]);
  });

  it('shows invalid records, values published and records into the stream', () => {
    expect(metricLines(widgetTitled(/Invalid records/)).map((m) => m.slice(0, 4))).toEqual(
      HANDLERS.map((h) => ['PutMetricDataExample', INVALID_RECORDS_METRIC, 'Type', h.typeDimension]),
    );
    const published = metricLines(widgetTitled(/values published/));
    expect(published[0]?.slice(0, 3)).toEqual(['AWS/Kinesis', 'IncomingRecords', 'StreamName']);
    expect(published.slice(1).map((m) => [m[1], m[3], (m[4] as { stat: string }).stat])).toEqual(
      HANDLERS.map((h) => ['PutMetricDataExample', h.typeDimension, 'SampleCount']),
    );
  });

  it('shows Lambda duration, errors and iterator age of both functions', () => {
    const lambdaLines = (title: RegExp) =>
      metricLines(widgetTitled(title)).map((m) => [m[0], m[1], m[2], m[3], (m[4] as { stat: string }).stat]);
    expect(lambdaLines(/Lambda duration/)).toEqual(
      HANDLERS.flatMap((h) => [
        ['AWS/Lambda', 'Duration', 'FunctionName', h.functionName, 'p50'],
        ['AWS/Lambda', 'Duration', 'FunctionName', h.functionName, 'Maximum'],
      ]),
    );
    expect(lambdaLines(/Lambda errors/)).toEqual(
      expect.arrayContaining(
        HANDLERS.map((h) => ['AWS/Lambda', 'Errors', 'FunctionName', h.functionName, 'Sum']),
      ),
    );
    expect(lambdaLines(/Iterator age/)).toEqual(
      HANDLERS.map((h) => ['AWS/Lambda', 'IteratorAge', 'FunctionName', h.functionName, 'Maximum']),
    );
  });

  it('shows the state of all four alarms', () => {
    const alarms = widgets.find((w) => w.type === 'alarm')?.properties.alarms ?? [];
    expect(alarms.map((arn) => arn.split(':alarm:')[1])).toEqual([
      'cwagg-single-iterator-age',
      'cwagg-single-failed-records',
      'cwagg-aggregated-iterator-age',
      'cwagg-aggregated-failed-records',
    ]);
  });

  it('follows a configured namespace and metric name', () => {
    const custom = dashboardWidgets({ namespace: 'Shop', metricName: 'Latency' });
    const lines = custom.flatMap((w) => metricLines(w));
    const customLines = lines.filter((m) => m[0] !== 'AWS/Lambda' && m[0] !== 'AWS/Kinesis');
    expect(customLines.length).toBeGreaterThan(0);
    expect(customLines.every((m) => m[0] === 'Shop')).toBe(true);
    expect(customLines.some((m) => m[1] === 'Latency')).toBe(true);
    expect(lines.some((m) => m[0] === 'PutMetricDataExample')).toBe(false);
  });

  it('with metrics, graphs each mapped metric per dimension value for both handlers, found by search', () => {
    const mapped = dashboardWidgets({
      namespace: 'Shop',
      dimensions: '{"Env":"demo"}',
      metrics:
        '{"Dimensions":[["route"],["route","status"]],"Metrics":[{"Name":"latencyMs","Unit":"Milliseconds"},{"Name":"bytes"}]}',
    });
    const titled = (pattern: RegExp) => mapped.filter((w) => pattern.test(w.properties.title ?? ''));
    const latency = titled(/^latencyMs p50 \/ p90 \/ p99 by route: /);
    expect(latency).toHaveLength(2);
    const expressions = (widget: Widget | undefined) =>
      metricLines(widget).map((line) => (line[0] as { expression: string }).expression);
    expect(expressions(latency[1])).toEqual(
      ['p50', 'p90', 'p99'].map(
        (p) =>
          `SEARCH('{"Shop","Env","Type","route"} MetricName="latencyMs" "Env"="demo" "Type"="PutMetricDataValuesAndCounts"', '${p}', 60)`,
      ),
    );
    expect(titled(/^bytes p50/)).toHaveLength(2);
    const published = metricLines(titled(/values published/)[0]);
    expect((published[1]?.[0] as { expression?: string } | undefined)?.expression).toMatch(
      /^SUM\(SEARCH\('\{"Shop","Env","Type","route"\} MetricName="latencyMs" .*'SampleCount', 60\)\)$/,
    );
    const invalid = expressions(titled(/values set aside/)[0]).filter(Boolean);
    expect(invalid).toEqual(
      expect.arrayContaining([
        `SEARCH('{"Shop","Env","Reason","Type"} MetricName="InvalidValues" "Env"="demo" "Type"="PutMetricDataSingleValue"', 'Sum', 60)`,
        `SEARCH('{"Shop","Dimension","Env","Type"} MetricName="FoldedValues" "Env"="demo" "Type"="PutMetricDataValuesAndCounts"', 'Sum', 60)`,
      ]),
    );
  });
});
