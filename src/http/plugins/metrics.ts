// Prometheus metrics at /metrics. One registry per app (not prom-client's global one), so several apps
// in one process (the API tests) do not collide.
import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { SmsGateEvents } from '../../ports/sms-gate-events.ts';

export const registerMetrics = (app: FastifyInstance, smsGate?: SmsGateEvents): Registry => {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'masq_' });
  const requests = new Counter({
    name: 'masq_http_requests_total',
    help: 'HTTP requests by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'masq_http_request_duration_seconds',
    help: 'HTTP request duration by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  if (smsGate) {
    // The runtime counts (app/sms-gate-tally.ts); each scrape reads its totals.
    new Counter({
      name: 'masq_sms_gate_warnings_total',
      help: "SMS that US registration gating would have blocked, sent anyway because the account's mode is warn, by error code",
      labelNames: ['code'] as const,
      registers: [registry],
      collect() {
        this.reset();
        for (const [code, count] of smsGate.totals()) this.inc({ code: String(code) }, count);
      },
    });
  }
  app.addHook('onResponse', async (request, reply) => {
    // The route pattern, never the raw URL: SIDs in paths would explode the label cardinality.
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  app.get('/metrics', { schema: { hide: true } }, async (_request, reply) =>
    reply.type(registry.contentType).send(await registry.metrics()));
  return registry;
};
