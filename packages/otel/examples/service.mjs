#!/usr/bin/env node
// A service instrumented only with the OpenTelemetry API (checkout.mjs), exporting to CloudWatch through
// CwaggMetricExporter (telemetry.mjs). It serves simulated requests as fast as it can, then shuts the
// SDK down, which exports what is left, and prints one JSON line: what it recorded and what it sent.
// Run `node examples/service.mjs --help`.
import { parseArgs } from 'node:util';
import { startTelemetry } from './telemetry.mjs';

const HELP = `Usage: node examples/service.mjs [options]

Serves --requests simulated requests (routes /buy, /cart, /search; log-normal latencies), recording
each one with the OpenTelemetry API only, exported to CloudWatch by CwaggMetricExporter.

Options:
  --requests N     requests to serve (default 100000)
  --seed N         seed of the simulated traffic (default 1)
  --namespace NS   CloudWatch namespace (default CwaggOtelExample)
  --endpoint URL   CloudWatch endpoint, e.g. a local one (default: AWS, from the SDK's settings)
  --region R       AWS region (default: $AWS_REGION, else us-east-1)
  -h, --help       show this help`;

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      requests: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      namespace: { type: 'string', default: 'CwaggOtelExample' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  console.error(`${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (args.help) {
  console.log(HELP);
  process.exit(0);
}

const reports = [];
const telemetry = startTelemetry({
  namespace: args.namespace,
  endpoint: args.endpoint,
  region: args.region ?? process.env.AWS_REGION ?? 'us-east-1',
  onReport: (report) => reports.push(report),
});
// The service code is loaded once the SDK is registered, as an application's entry point would do.
const { requestEnded, requestServed, requestStarted } = await import('./checkout.mjs');
const { ROUTES, simulatedRequests } = await import('./simulated-traffic.mjs');

const count = Number(args.requests);
const { routes, latencies } = simulatedRequests(count, Number(args.seed));
for (let i = 0; i < count; i++) {
  requestStarted();
  requestServed(ROUTES[routes[i]], 200, latencies[i]);
  requestEnded();
}
await telemetry.shutdown();

const stats = telemetry.exporter.stats();
console.log(
  JSON.stringify({
    requests: count,
    exports: reports.filter((report) => report.kind === 'export').length,
    putMetricDataCalls: stats.putMetricDataCalls,
    sentSamples: stats.sentSamples,
    droppedSamples: stats.droppedSamples,
    maxRelativeError: Math.max(0, ...reports.map((report) => report.maxRelativeError)),
  }),
);
