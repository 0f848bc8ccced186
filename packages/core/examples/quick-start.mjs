// Quick start: fold 10,000 values into CloudWatch requests and show what would be sent.
// Run from the repository root: `pnpm example` (add `-- --publish` to send with your AWS credentials).
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { Aggregator, Publisher } from '@cwagg/core';

const agg = new Aggregator({ namespace: 'CwaggExample' });
const latency = agg.metric({ name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/buy' } });
for (let i = 0; i < 10_000; i++) latency.add(Math.floor(Math.random() * 1001));
agg.add({ name: 'Latency', unit: 'Milliseconds', dimensions: { Route: '/buy' } }, Number.NaN);

const { requests, rejected, stats } = agg.drain();
console.log(
  `10,000 values -> ${stats.requests} PutMetricData request(s), ${stats.datums} datums, ` +
    `${stats.values} distinct values, ${stats.bodyBytes} bytes of JSON`,
);
for (const datum of requests[0]?.MetricData ?? []) {
  const { SampleCount, Minimum, Maximum } = datum.StatisticValues;
  console.log(`  datum: ${datum.Values.length} values, ${SampleCount} samples, ${Minimum}..${Maximum}`);
}
console.log(`rejected: ${rejected.map((r) => `${r.value} (${r.reason})`).join('; ')}`);

if (process.argv.includes('--publish')) {
  const outcome = await new Publisher({ client: new CloudWatchClient({ maxAttempts: 5 }) }).publish(requests);
  console.log(`published: ${outcome.sent} sent, ${outcome.failed} failed`);
  for (const failed of outcome.outcomes.filter((o) => o.status === 'failed')) {
    console.log(`  request ${failed.index}: ${failed.errorCode}: ${failed.error.message}`);
  }
}
