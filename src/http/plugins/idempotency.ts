// I-Twilio-Idempotency-Token on create routes (route config `idempotent: true`): a retried create with
// the same token replays the first (successful) response byte for byte instead of creating twice. The
// token is reserved before the handler runs, so a concurrent duplicate waits for that answer (app/idempotency.ts).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.ts';
import { admitRequest, finishRequest } from '../../app/idempotency.ts';
import type { IdempotencyClaim } from '../../ports/store.ts';
import { AppError } from '../../domain/errors.ts';
import { accountOf } from './auth.ts';
import { errorEnvelope, type BaseUrlOf } from './errors.ts';

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

/** A 429 with Retry-After: the first request with this token is still at work (masq's idempotency-token-busy). */
const busy = (reply: FastifyReply, retryAfterSeconds: number, base: string): FastifyReply =>
  reply.code(429).header('retry-after', String(retryAfterSeconds)).type('application/json; charset=utf-8')
    .send(errorEnvelope(new AppError('idempotency-token-busy', 'A request with this I-Twilio-Idempotency-Token is still in progress; retry later'), base));

export const registerIdempotency = (scope: FastifyInstance, deps: AppDeps, baseUrlOf: BaseUrlOf): void => {
  // The reservation each request holds while it runs (see app/idempotency.ts).
  const claims = new WeakMap<FastifyRequest, IdempotencyClaim>();
  scope.addHook('preHandler', async (request, reply) => {
    const token = tokenOf(request);
    if (!token) return;
    const admission = await admitRequest(deps, { accountSid: accountOf(request).sid, scope: scopeOf(request), key: token });
    if (admission.kind === 'run') {
      claims.set(request, admission.claim);
      return;
    }
    if (admission.kind === 'busy') return busy(reply, admission.retryAfterSeconds, baseUrlOf(request));
    return reply.code(admission.response.status).type('application/json; charset=utf-8').send(admission.response.body);
  });
  scope.addHook('onSend', async (request, reply, payload) => {
    const claim = claims.get(request);
    if (!claim) return payload;
    claims.delete(request);
    // Stored before the answer leaves (onSend), so a duplicate never waits on a response already sent.
    const body = typeof payload === 'string' ? payload : null;
    const status = body === null ? 500 : reply.statusCode;
    try {
      await finishRequest(deps, claim, { status, body: body ?? '' });
    } catch (err) {
      // The resource exists; failing its answer now would invite a retry that creates it again. The
      // reservation stays pending and is taken over when its lease ends.
      request.log.warn({ err }, 'could not store the idempotent response');
    }
    return payload;
  });
};
