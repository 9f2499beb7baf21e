// I-Twilio-Idempotency-Token on create routes (route config `idempotent: true`): a retried create with
// the same token replays the first (successful) response byte for byte instead of creating twice.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.ts';
import { recallResponse, rememberResponse } from '../../app/idempotency.ts';
import { accountOf } from './auth.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Create routes that honour I-Twilio-Idempotency-Token. */
    idempotent?: boolean;
  }
}

export const IDEMPOTENCY_HEADER = 'i-twilio-idempotency-token';
const MAX_TOKEN_LENGTH = 255;

const tokenOf = (request: FastifyRequest): string | null => {
  if (!request.routeOptions.config.idempotent) return null;
  const value = request.headers[IDEMPOTENCY_HEADER];
  const token = Array.isArray(value) ? value[0] : value;
  return token && token.length <= MAX_TOKEN_LENGTH ? token : null;
};

/** A token is scoped to the route it was used on: the same token on another create is another request. */
const scopeOf = (request: FastifyRequest): string => `${request.method} ${new URL(request.url, 'http://masq.invalid').pathname}`;

export const registerIdempotency = (scope: FastifyInstance, deps: AppDeps): void => {
  const replayed = new WeakSet<FastifyRequest>();
  scope.addHook('preHandler', async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return;
    const remembered = await recallResponse(deps, accountOf(request).sid, scopeOf(request), token);
    if (!remembered) return;
    replayed.add(request);
    return reply.code(remembered.status).type('application/json; charset=utf-8').send(remembered.body);
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const token = tokenOf(request);
    const ok = reply.statusCode >= 200 && reply.statusCode < 300;
    if (token && ok && !replayed.has(request) && typeof payload === 'string') {
      await rememberResponse(deps, accountOf(request).sid, scopeOf(request), token, { status: reply.statusCode, body: payload });
    }
    return payload;
  });
};
