// Liveness and readiness in one: 200 when the store answers, 503 otherwise (load balancers take the
// instance out of rotation; the database error itself goes to the log, not the response). The process
// stays up through a database outage and this answers 200 again by itself once the database is back.
// The body also shows the background tasks (sweeper, job worker): a task failing pass after pass is
// visible here, but does not take the instance out of rotation (it can still answer traffic).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { AppDeps } from '../../app/deps.ts';
import type { TaskHealth } from '../../ports/background.ts';
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

const Task = Type.Object({
  name: Type.String({ description: 'session-sweeper, number-sweeper, job-worker, or a carrier connector' }),
  running: Type.Boolean(),
  last_success_at: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  last_error: Type.Union([Type.String(), Type.Null()]),
  failures_in_a_row: Type.Integer(),
});

const taskJson = (t: TaskHealth) => ({
  name: t.name, running: t.running, last_success_at: t.lastSuccessAt?.toISOString() ?? null, last_error: t.lastError, failures_in_a_row: t.failuresInARow,
});

export interface HealthOptions {
  readonly deps: AppDeps;
  /** The process's background tasks; none when the app runs without them (tests). */
  readonly background?: () => readonly TaskHealth[];
}

export const healthRoutes: FastifyPluginAsyncTypebox<HealthOptions> = async (app, { deps, background }) => {
  app.get('/healthz', {
    schema: {
      tags: ['Operations'], summary: 'Health check', security: [],
      response: { 200: Type.Object({ status: Type.String(), background: Type.Array(Task) }), 503: Unhealthy },
    },
  }, async (request, reply) => {
    try {
      await deps.store.getAccount(PROBE_SID);
      return { status: 'ok', background: (background?.() ?? []).map(taskJson) };
    } catch (err) {
      const down = err instanceof StoreUnavailable;
      request.log.error({ err }, down ? 'health check: database unreachable' : 'health check: store failed');
      return reply.code(503).header('Retry-After', String(RETRY_AFTER_SECONDS)).send({ status: 'unavailable', database: down ? 'down' : 'error' });
    }
  });
};
