// Liveness and readiness in one: 200 when the store answers, 503 otherwise (load balancers take the
// instance out of rotation; the database error itself goes to the log, not the response). The process
// stays up through a database outage and this answers 200 again by itself once the database is back.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.ts';
import { StoreUnavailable } from '../../ports/store.ts';
import { RETRY_AFTER_SECONDS } from '../plugins/errors.ts';

/** A SID no account has: the lookup exercises the database without finding anything. */
const PROBE_SID = `AC${'0'.repeat(32)}`;

const Unhealthy = Type.Object({
  status: Type.Literal('unavailable'),
  database: Type.Union([Type.Literal('down'), Type.Literal('error')], {
    description: '`down`: the database cannot be reached (outage, restart); `error`: it answered with an error',
  }),
});

export const healthRoutes: FastifyPluginAsyncTypebox<{ readonly deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz', {
    schema: { tags: ['Operations'], summary: 'Health check', security: [], response: { 200: Type.Object({ status: Type.String() }), 503: Unhealthy } },
  }, async (request, reply) => {
    try {
      await deps.store.getAccount(PROBE_SID);
      return { status: 'ok' };
    } catch (err) {
      const down = err instanceof StoreUnavailable;
      request.log.error({ err }, down ? 'health check: database unreachable' : 'health check: store failed');
      return reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable', database: down ? 'down' : 'error' });
    }
  });
};
