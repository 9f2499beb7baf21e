// Builds the HTTP app (never listens: `masq serve` does, tests use inject()). Layout:
//   /v1/...          Twilio Proxy v1, wire-compatible (authenticated)
//   /masq/v1/...     masq extensions (authenticated)
//   /sandbox/...     the sandbox carrier's virtual phones (authenticated)
//   /webhooks/twilio/...  Twilio's webhooks (authenticated by X-Twilio-Signature, not Basic)
//   /healthz /metrics /openapi.json /docs   operations (open)
import { randomUUID } from 'node:crypto';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { AppDeps } from '../app/deps.ts';
import type { SandboxPhones } from '../ports/sandbox.ts';
import { decorateAccount, requireAuth } from './plugins/auth.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { parseForm, registerFormBody } from './plugins/form-body.ts';
import { registerIdempotency } from './plugins/idempotency.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import type { RouteContext } from './routes/common.ts';
import { healthRoutes } from './routes/health.ts';
import { explainRoutes } from './routes/masq/explain.ts';
import { masqPhoneNumberRoutes } from './routes/masq/phone-numbers.ts';
import { masqWebhookRoutes } from './routes/masq/webhooks.ts';
import { sandboxRoutes } from './routes/sandbox.ts';
import { interactionRoutes } from './routes/v1/interactions.ts';
import { messageInteractionRoutes } from './routes/v1/message-interactions.ts';
import { participantRoutes } from './routes/v1/participants.ts';
import { phoneNumberRoutes } from './routes/v1/phone-numbers.ts';
import { serviceRoutes } from './routes/v1/services.ts';
import { sessionRoutes } from './routes/v1/sessions.ts';
import { shortCodeRoutes } from './routes/v1/short-codes.ts';
import { twilioWebhookRoutes, type TwilioWebhooks } from './webhooks/twilio.ts';

export interface BuildAppOptions {
  readonly deps: AppDeps;
  /** Base of every `url`, `links` and page URL; null derives it from each request's Host header. */
  readonly publicUrl: string | null;
  /** The sandbox network's phones, when the sandbox carrier runs. */
  readonly sandbox?: SandboxPhones | null;
  /** The Twilio adapter's webhook side, when a Twilio account is configured; else its routes answer 404. */
  readonly twilio?: TwilioWebhooks | null;
  /** pino level; 'silent' in tests. */
  readonly logLevel?: string;
  readonly version?: string;
}

export type MasqApp = FastifyInstance;

const VERBOSE_LEVELS = new Set(['debug', 'trace']);

const baseUrlOf = (publicUrl: string | null) => (request: FastifyRequest): string =>
  publicUrl ?? `${request.protocol}://${request.host}`;

export const buildApp = async (options: BuildAppOptions): Promise<MasqApp> => {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    // Fastify's own request logging writes two JSON lines per request, synchronously, at info level: on a
    // webhook that is most of the cost of the framework itself (see BENCHMARKS.md). Requests are logged
    // at debug instead (below); errors are still logged by the error handler at any level.
    disableRequestLogging: true,
    genReqId: () => `RQ${randomUUID().replace(/-/g, '')}`,
    routerOptions: { querystringParser: parseForm, ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Response schemas document the API; bodies are serialised as built, with their explicit nulls,
  // rather than by fast-json-stringify, which would drop keys a schema forgot.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addHook('onResponse', async (request, reply) => {
    if (VERBOSE_LEVELS.has(request.log.level)) {
      request.log.debug({ method: request.method, url: request.url, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
    }
  });
  decorateAccount(app);
  registerErrorHandling(app);
  await registerFormBody(app);
  await registerOpenApi(app, options.version ?? '0.0.0');
  registerMetrics(app);

  const ctx: RouteContext = { deps: options.deps, base: baseUrlOf(options.publicUrl) };
  await app.register(healthRoutes, { deps: options.deps });
  await app.register(twilioWebhookRoutes, { deps: options.deps, base: ctx.base, twilio: options.twilio ?? null });
  await app.register(async (api) => {
    requireAuth(api, options.deps);
    registerIdempotency(api, options.deps);
    for (const routes of [serviceRoutes, phoneNumberRoutes, shortCodeRoutes, sessionRoutes, participantRoutes, interactionRoutes, messageInteractionRoutes, masqPhoneNumberRoutes, explainRoutes, masqWebhookRoutes]) {
      await api.register(routes, ctx);
    }
    if (options.sandbox) await api.register(sandboxRoutes, { ...ctx, sandbox: options.sandbox });
  });
  return app;
};
