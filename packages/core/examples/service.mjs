#!/usr/bin/env node
// An HTTP service that records every request's latency through a MetricsBuffer, and on SIGTERM (or
// SIGINT) stops accepting connections, lets the requests in flight finish, closes the buffer so the last
// interval is sent, and exits. Logs are JSON lines on stdout. Run `node examples/service.mjs --help`.
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { MetricsBuffer } from '@cwagg/core';

const HELP = `Usage: node examples/service.mjs [options]

A small HTTP server that records each request's latency (metric Latency, unit Milliseconds, dimensions
Route and Status, plus Service=example) through a MetricsBuffer, and closes the buffer on SIGTERM/SIGINT.

Options:
  --port N                port to listen on (default 8080; 0 picks a free one)
  --host H                interface (default 127.0.0.1)
  --namespace NS          CloudWatch namespace (default CwaggExample)
  --endpoint URL          CloudWatch endpoint, e.g. a local one (default: AWS, from the SDK's settings)
  --region R              AWS region (default: $AWS_REGION, else us-east-1)
  --flush-interval-ms MS  flush period (default 60000)
  -h, --help              show this help

Routes: /buy and /cart answer 200 after a few milliseconds, /fail answers 500, anything else 404.
Credentials come from the SDK's usual chain (environment, profile, instance role).`;

const ROUTES = new Set(['/buy', '/cart', '/fail']);

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      port: { type: 'string', default: '8080' },
      host: { type: 'string', default: '127.0.0.1' },
      namespace: { type: 'string', default: 'CwaggExample' },
      endpoint: { type: 'string' },
      region: { type: 'string' },
      'flush-interval-ms': { type: 'string', default: '60000' },
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

const log = (event, fields = {}) => console.log(JSON.stringify({ event, ...fields }));

let metrics;
try {
  metrics = new MetricsBuffer({
    namespace: args.namespace,
    ...(args.endpoint === undefined ? {} : { endpoint: args.endpoint }),
    region: args.region ?? process.env.AWS_REGION ?? 'us-east-1',
    flushIntervalMs: Number(args['flush-interval-ms']),
    defaultDimensions: { Service: 'example' },
  });
} catch (error) {
  // A CwaggConfigError names the option at fault.
  console.error(`service: ${error.message}`);
  process.exit(2);
}
// Nothing is lost silently: every flush, failure, drop and rejection is logged.
metrics.on('flush', ({ reason, requests, sentSamples, failedRequests }) =>
  log('flush', { reason, requests, sentSamples, failedRequests }),
);
metrics.on('error', (error, { errorCode, willRetry }) =>
  log('error', { errorCode, willRetry, message: error.message }),
);
metrics.on('drop', ({ reason, samples }) => log('drop', { reason, samples }));
metrics.on('rejected', (values) => log('rejected', { count: values.length, first: values[0]?.reason }));

const server = createServer((req, res) => {
  const started = performance.now();
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  // Unknown paths share one dimension value: a dimension per URL would make metrics without bound.
  const route = ROUTES.has(path) ? path : 'other';
  res.on('finish', () => {
    metrics.record('Latency', performance.now() - started, {
      unit: 'Milliseconds',
      dimensions: { Route: route, Status: String(res.statusCode) },
    });
  });
  if (route === 'other') {
    res.writeHead(404).end('not found\n');
  } else if (route === '/fail') {
    res.writeHead(500).end('failed\n');
  } else {
    setTimeout(() => res.writeHead(200).end('ok\n'), Math.random() * 5);
  }
});

async function shutdown(signal) {
  log('shutdown', { signal });
  // Stop accepting; the callback runs once the connections in flight have ended.
  const closed = new Promise((resolve) => server.close(resolve));
  server.closeIdleConnections();
  await closed;
  // Every request has finished and been recorded: now send what is buffered.
  const stats = await metrics.close();
  log('closed', stats);
  // Nothing is left holding the process open (the buffer's timers are unref()ed, its client destroyed).
}
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => void shutdown(signal));

server.listen(Number(args.port), args.host, () => {
  log('listening', { port: server.address().port, host: args.host });
});
