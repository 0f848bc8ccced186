/**
 * SEARCH in GetMetricData, for exact matches as the User Guide's search expression syntax describes them:
 * a metric schema ({Namespace, DimensionName}), quoted exact terms, property terms (MetricName="...",
 * Namespace="...", a dimension name), AND (also implied), OR, NOT and parentheses. Partial matches are not
 * served and say so.
 */
import {
  type CloudWatchClient,
  GetMetricDataCommand,
  PutMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CloudWatchLocal, startCloudWatchLocal } from '../src/index.js';
import { minuteAgo, sdkClient, uniqueNamespace } from './helpers.js';

let cw: CloudWatchLocal;
let client: CloudWatchClient;
const A = uniqueNamespace('SearchA');
const B = uniqueNamespace('SearchB');
const T0 = minuteAgo();
const range = { StartTime: T0, EndTime: new Date(T0.getTime() + 60_000) };

beforeAll(async () => {
  cw = await startCloudWatchLocal();
  client = sdkClient(cw.endpoint, { maxAttempts: 1 });
  const datum = (MetricName: string, dimensions: Record<string, string>, Value: number) => ({
    MetricName,
    Dimensions: Object.entries(dimensions).map(([Name, Value]) => ({ Name, Value })),
    Timestamp: T0,
    Value,
  });
  await client.send(
    new PutMetricDataCommand({
      Namespace: A,
      MetricData: [
        datum('Latency', { Type: 'single' }, 1),
        datum('Latency', { Type: 'aggregated' }, 2),
        datum('Errors', { Type: 'single' }, 4),
        datum('Latency', { Type: 'single', Env: 'prod' }, 8),
        datum('single', {}, 16),
      ],
    }),
  );
  await client.send(
    new PutMetricDataCommand({ Namespace: B, MetricData: [datum('Latency', { Type: 'single' }, 32)] }),
  );
});
afterAll(async () => {
  client.destroy();
  await cw.stop();
});

/** The label and value of each series an expression gives, sorted by label. */
async function search(Expression: string) {
  const { MetricDataResults = [] } = await client.send(
    new GetMetricDataCommand({ ...range, MetricDataQueries: [{ Id: 'found', Expression }] }),
  );
  return MetricDataResults.map((r) => [r.Label, r.Values?.[0]]).sort((a, b) =>
    String(a[0]).localeCompare(String(b[0])),
  );
}

describe('SEARCH, exact matches', () => {
  it('a schema takes the metrics with exactly its namespace and dimension names', async () => {
    expect(await search(`SEARCH('{${A},Type} MetricName="Latency"', 'Sum', 60)`)).toEqual([
      ['Latency aggregated', 2],
      ['Latency single', 1],
    ]);
    expect(await search(`SEARCH(' {"${A}", Type, Env} ', 'Sum', 60)`)).toEqual([['Latency prod single', 8]]);
    expect(await search(`SEARCH('{${A}}', 'Sum', 60)`)).toEqual([['single', 16]]);
  });

  it('a quoted term matches a metric name, namespace, dimension name or value exactly', async () => {
    expect(await search(`SEARCH('{${A},Type} "single"', 'Sum', 60)`)).toEqual([
      ['Errors single', 4],
      ['Latency single', 1],
    ]);
    expect(await search(`SEARCH(' "${B}" ', 'Sum', 60)`)).toEqual([['Latency single', 32]]);
    expect(await search(`SEARCH('{${A},Type} "Singl"', 'Sum', 60)`)).toEqual([]);
  });

  it('property terms, AND, OR, NOT and parentheses', async () => {
    expect(await search(`SEARCH('{${A},Type} MetricName="Latency" NOT Type="single"', 'Sum', 60)`)).toEqual([
      ['Latency aggregated', 2],
    ]);
    expect(
      await search(`SEARCH('Namespace="${A}" AND (MetricName="Errors" OR Env="prod")', 'Maximum', 60)`),
    ).toEqual([
      ['Errors single', 4],
      ['Latency prod single', 8],
    ]);
    expect(
      await search(`SEARCH('MetricName="Latency" Type="single" NOT Namespace="${A}"', 'Sum', 60)`),
    ).toEqual([['Latency single', 32]]);
  });

  it('works inside metric math', async () => {
    expect(await search(`SUM(SEARCH('{${A},Type} MetricName="Latency"', 'Sum', 60))`)).toEqual([
      ['found', 3],
    ]);
  });

  it('refuses partial matches, saying to quote them, and a query over 1,024 characters', async () => {
    const refused = (Expression: string) =>
      client.send(new GetMetricDataCommand({ ...range, MetricDataQueries: [{ Id: 'found', Expression }] }));
    await expect(refused(`SEARCH('{${A},Type} latency', 'Sum', 60)`)).rejects.toMatchObject({
      Code: 'ValidationError',
      message: expect.stringMatching(/latency is a partial match.*quote it/),
    });
    await expect(refused(`SEARCH('Type=single', 'Sum', 60)`)).rejects.toMatchObject({
      message: expect.stringContaining('Type="..."'),
    });
    await expect(refused(`SEARCH('"${'x'.repeat(1_030)}"', 'Sum', 60)`)).rejects.toMatchObject({
      message: expect.stringContaining('1024'),
    });
    await expect(refused(`SEARCH('{${A},Type}', 'Median', 60)`)).rejects.toMatchObject({
      message: expect.stringContaining('Median is not a statistic'),
    });
  });
});
