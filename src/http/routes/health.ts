// Liveness and readiness in one: 200 when the store answers, 503 otherwise (load balancers take the
// instance out of rotation; the database error itself goes to the log, not the response).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.ts';

/** A SID no account has: the lookup exercises the database without finding anything. */
const PROBE_SID = `AC${'0'.repeat(32)}`;

export const healthRoutes: FastifyPluginAsyncTypebox<{ readonly deps: AppDeps }> = async (app, { deps }) => {
  app.get('/healthz', {
    schema: { tags: ['Operations'], summary: 'Health check', security: [], response: { 200: Type.Object({ status: Type.String() }), 503: Type.Object({ status: Type.String() }) } },
  }, async (request, reply) => {
    try {
      await deps.store.getAccount(PROBE_SID);
      return { status: 'ok' };
    } catch (err) {
      request.log.error({ err }, 'health check: store unavailable');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
};
