import { describe, expect, it } from 'vitest';
import { renderReport } from '../src/index.js';
import { demoResult, handlerResult, windowedDemoResult } from './support/demo-result.js';

describe('the --report page', () => {
  it('is one self-contained HTML document: nothing fetched, nothing run', () => {
    const html = renderReport(demoResult());
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/(?:src|href)=/i);
  });

  it('gives the verdict and the saving in its title and headline', () => {
    const html = renderReport(demoResult());
    expect(html).toContain('<title>cwagg demo: 1,000 records, 143x fewer PutMetricData calls</title>');
    expect(html).toContain('✓ both handlers read back identical statistics');
    const disagreeing = renderReport(demoResult({ agree: false, differences: ['p50', 'p90'] }));
    expect(disagreeing).toContain('✗ the handlers disagree on p50, p90');
    // The statistics table marks exactly the statistics that differ.
    expect(disagreeing.match(/✗ differs/g)).toHaveLength(2);
    expect(disagreeing.match(/✓ same/g)).toHaveLength(5);
  });

  it('draws a bar per handler for calls, cost and bytes, and both percentile curves', () => {
    const html = renderReport(demoResult());
    for (const title of ['PutMetricData calls', 'Cost per million records', 'Bytes sent to CloudWatch']) {
      expect(html).toContain(`<figcaption>${title}</figcaption>`);
    }
    expect(html.match(/<rect /g)?.length).toBe(3 * 2 + 2); // two bars per chart, two histogram bins
    expect(html.match(/<path /g)).toHaveLength(2);
  });

  it('says so instead of drawing what CloudWatch could not answer', () => {
    const noPercentiles = handlerResult({ quantiles: Array.from({ length: 101 }, () => null) });
    const html = renderReport(
      demoResult({ histogram: [], single: noPercentiles, aggregated: noPercentiles }),
    );
    expect(html).toContain('No valid values were sent');
    expect(html).toContain('CloudWatch gives no percentiles for these values');
    expect(html).not.toContain('<path ');
  });

  it('escapes what came from the command line, and gives the command to reproduce the run', () => {
    const result = demoResult();
    result.settings = {
      ...result.settings,
      template: '<b>{{random.number(10)}}</b> & "x"',
      badRatio: 0.05,
      valueField: 'a.b',
    };
    const html = renderReport(result);
    expect(html).not.toContain('<b>{{');
    expect(html).toContain('&#60;b&#62;{{random.number(10)}}&#60;/b&#62; &#38; &#34;x&#34;');
    const command = /Reproduce: <code>(.*)<\/code>/.exec(html)?.[1] ?? '';
    expect(command).toMatch(
      /^pnpm demo --records 1000 --batch-size 150 --shards 2 --seed 42 --bad-ratio 0.05 /,
    );
    expect(command).toContain('--value-field a.b');
    expect(command).not.toContain('--fault-rate');
  });

  it('with METRICS, shows every series with a mark per handler', () => {
    const stats = { SampleCount: 1, Sum: 5, Minimum: 5, Maximum: 5, p50: 5, p90: 5, p99: 5 };
    const html = renderReport(
      demoResult({
        mapping: {
          metrics: '{"Metrics":[{"Name":"ms"}]}',
          series: [
            {
              metric: 'ms',
              dimensions: { route: '/a' },
              sent: stats,
              single: stats,
              aggregated: stats,
              differs: { single: [], aggregated: ['p50'] },
            },
          ],
          agree: false,
          setAside: { sent: 0, single: 0, aggregated: 0 },
          folded: { single: 0, aggregated: 0 },
        },
      }),
    );
    expect(html).toContain('<figcaption>Values per metric and dimensions');
    expect(html).toContain('<th>ms</th><th>route=/a</th>');
    expect(html).toContain('<td class="ok">✓</td><td class="bad">✗ p50</td>');
    expect(html).not.toMatch(/<script|(?:src|href)=/i);
  });

  it('with a window, shows the windowed column beside the others and says what its calls are bounded by', () => {
    const html = renderReport(windowedDemoResult());
    expect(html).toContain('<th>single</th><th>aggregated</th><th>windowed</th><th>values sent</th>');
    expect(html.match(/<rect /g)?.length).toBe(3 * 3 + 2); // three bars per chart, two histogram bins
    expect(html).toContain('made 3 PutMetricData calls for 2 shard windows and 1 early flushes');
    expect(html).toContain('--window-seconds 5');
    expect(renderReport(demoResult())).not.toContain('windowed');
  });
});
