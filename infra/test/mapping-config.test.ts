/** The mapping parameters at synth: read from context or a file, checked as the handlers check them. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InfraConfigError, readConfig } from '../lib/config.js';
import { publishedNamespace, writableNamespaces } from '../lib/mapping-config.js';

const METRICS = '{"Dimensions":[["route"]],"Metrics":[{"Name":"latencyMs","Unit":"Milliseconds"}]}';
const dir = mkdtempSync(join(tmpdir(), 'cwagg-infra-metrics-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function problems(context: Record<string, unknown>): readonly string[] {
  try {
    readConfig(context);
  } catch (error) {
    if (error instanceof InfraConfigError) return error.problems;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(context)} to be refused`);
}

describe('metrics, metricsFile and recordDirectiveNamespaces', () => {
  it('takes METRICS as a JSON string, an object from cdk.json, or a file, and keeps it compact', () => {
    const file = join(dir, 'metrics.json');
    writeFileSync(file, JSON.stringify(JSON.parse(METRICS), null, 2));
    for (const context of [{ metrics: METRICS }, { metrics: JSON.parse(METRICS) }, { metricsFile: file }]) {
      expect(readConfig(context).metrics).toBe(METRICS);
    }
    expect(readConfig({}).metrics).toBeUndefined();
  });

  it('publishes in the directive’s namespace, and lets the functions write in the record directives’ ones too', () => {
    const config = readConfig({
      metrics: '{"Namespace":"Shop","Metrics":[{"Name":"v"}]}',
      recordDirectiveNamespaces: 'Functions, Billing',
    });
    expect(publishedNamespace(config)).toBe('Shop');
    expect(writableNamespaces(config)).toEqual(['Shop', 'Functions', 'Billing']);
    expect(readConfig({ recordDirectiveNamespaces: ['A', 'B'] }).recordDirectiveNamespaces).toEqual([
      'A',
      'B',
    ]);
  });

  it('refuses what the handlers would refuse at cold start, naming the parameter', () => {
    expect(problems({ metrics: '{"Metrics":[{"Name":"v","Unit":"ms"}]}' })).toEqual([
      expect.stringMatching(/^metrics: Metrics\[0\]\.Unit: unit "ms" is not a CloudWatch unit/),
    ]);
    expect(problems({ metrics: '{"Dimensions":[["Type"]],"Metrics":[{"Name":"v"}]}' })[0]).toMatch(
      /^metrics: Dimensions\[0\]: "Type" is a fixed dimension/,
    );
    expect(problems({ metrics: '{' })[0]).toMatch(/^metrics: not valid JSON/);
    expect(problems({ metrics: METRICS, valueField: 'v' })).toEqual([
      'valueField: does not apply with metrics, which names each metric, its field and unit',
    ]);
    expect(
      problems({ metrics: '{"Namespace":"Shop","Metrics":[{"Name":"v"}]}', namespace: 'Web' })[0],
    ).toMatch(/names the namespace "Shop" but the namespace parameter is "Web"/);
    expect(problems({ metrics: METRICS, metricsFile: 'x.json' })).toEqual([
      'metrics and metricsFile: give one of them',
    ]);
    expect(problems({ metricsFile: join(dir, 'missing.json') })[0]).toMatch(/^metricsFile: cannot read /);
    expect(problems({ recordDirectiveNamespaces: 'Good,,AWS/Lambda' })).toEqual([
      'recordDirectiveNamespaces: an entry is empty',
      'recordDirectiveNamespaces: namespace "AWS/Lambda" must not start with "AWS/": it is reserved for AWS services',
    ]);
    expect(problems({ Metrics: METRICS })).toEqual(['unknown parameter Metrics: did you mean metrics?']);
  });

  it('refuses a mapping too large for the functions’ environment (4 KB in all)', () => {
    const metrics = JSON.stringify({
      Metrics: Array.from({ length: 100 }, (_, i) => ({ Name: `metric-number-${i}-${'x'.repeat(30)}` })),
    });
    expect(problems({ metrics })[0]).toMatch(
      /^the functions' environment would take \d+ bytes, over Lambda's 4096/,
    );
  });
});
