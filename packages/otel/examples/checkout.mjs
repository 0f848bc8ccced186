// The service's own code: it knows only the OpenTelemetry API. Which SDK, exporter and backend receive
// the measurements is decided once, at startup (telemetry.mjs), not here.
import { metrics } from '@opentelemetry/api';

const meter = metrics.getMeter('checkout', '1.0.0');
const duration = meter.createHistogram('http.server.request.duration', {
  description: 'Duration of HTTP server requests',
  unit: 'ms',
});
const requests = meter.createCounter('http.server.requests', { unit: '{request}' });
const inFlight = meter.createUpDownCounter('http.server.active_requests', { unit: '{request}' });

/** Called once per request, when it is answered. */
export function requestServed(route, status, milliseconds) {
  const attributes = { 'http.route': route, 'http.response.status_code': status, 'user.agent': 'any' };
  duration.record(milliseconds, attributes);
  requests.add(1, attributes);
}

export function requestStarted() {
  inFlight.add(1);
}

export function requestEnded() {
  inFlight.add(-1);
}
