// Builds the HTTP app (never listens: `masq serve` does, tests use inject()). Layout:
//   /v1/...          Twilio Proxy v1, wire-compatible (authenticated)
//   /2010-04-01/Accounts[/{AC}], .../Keys...  Twilio's Account (subaccounts) and API key resources (authenticated)
//   /proxy/v1/..., /api/2010-04-01/...  the same again under each Twilio domain's prefix, so a client can
//                    point every baseUrl at one masq (did-wire-contract §0.2)
//   /numbers/v1/...  Numbers v1 (porting) and /messaging/v1/... Messaging v1 (services, 10DLC, toll-free
//                    verification): only under their prefixes
//   /masq/v1/...     masq extensions (authenticated)
//   /sandbox/...     the sandbox carrier's virtual phones (authenticated, per account; absent with MASQ_SANDBOX=off)
//   /webhooks/{account}/...  each carrier account's webhooks (authenticated by the carrier's signature, not Basic)
//   /healthz /metrics /openapi.json /docs /docs/errors   operations (open)
//   /console/...     the web console's static files (open; it signs in against the API like any client)
import { randomUUID } from 'node:crypto';
import type { FastifyPluginAsyncTypebox, TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { AppDeps } from '../app/deps.ts';
import type { TaskHealth } from '../ports/background.ts';
import type { SandboxPhones } from '../ports/sandbox.ts';
import { decorateAccount, requireAuth } from './plugins/auth.ts';
import { clientErrorHandler, frameworkErrors } from './plugins/client-errors.ts';
import { registerErrorHandling } from './plugins/errors.ts';
import { parseQuery, registerFormBody } from './plugins/form-body.ts';
import { registerIdempotency } from './plugins/idempotency.ts';
import { registerMetrics } from './plugins/metrics.ts';
import { registerOpenApi } from './plugins/openapi.ts';
import type { RouteContext } from './routes/common.ts';
import { consoleRoutes } from './routes/console.ts';
import { errorDocsRoutes } from './routes/error-docs.ts';
import { healthRoutes } from './routes/health.ts';
import { explainRoutes } from './routes/masq/explain.ts';
import { masqNumberImportRoutes } from './routes/masq/number-import.ts';
import { masqNumberRoutes } from './routes/masq/numbers.ts';
import { masqPhoneNumberRoutes } from './routes/masq/phone-numbers.ts';
import { masqPortOutRoutes } from './routes/masq/port-outs.ts';
import { masqUsageRoutes } from './routes/masq/usage.ts';
import { masqWebhookRoutes } from './routes/masq/webhooks.ts';
import { masqCampaignRoutes } from './routes/masq/campaigns.ts';
import { brandProfileRoutes } from './routes/masq/brand-profiles.ts';
import { brandRegistrationRoutes } from './routes/messaging/brand-registrations.ts';
import { messagingPhoneNumberRoutes } from './routes/messaging/phone-numbers.ts';
import { messagingServiceRoutes } from './routes/messaging/services.ts';
import { tollfreeVerificationRoutes } from './routes/messaging/tollfree-verifications.ts';
import { usa2pRoutes } from './routes/messaging/usa2p.ts';
import { sandboxPortOutRoutes } from './routes/sandbox-port-outs.ts';
import { masqPortInRoutes } from './routes/numbers-v1/masq-port-ins.ts';
import { portInRoutes } from './routes/numbers-v1/port-in.ts';
import { portingConfigRoutes } from './routes/numbers-v1/porting-config.ts';
import { sandboxPortingRoutes } from './routes/sandbox-porting.ts';
import { sandboxRoutes } from './routes/sandbox.ts';
import { interactionRoutes } from './routes/v1/interactions.ts';
import { messageInteractionRoutes } from './routes/v1/message-interactions.ts';
import { participantRoutes } from './routes/v1/participants.ts';
import { phoneNumberRoutes } from './routes/v1/phone-numbers.ts';
import { serviceRoutes } from './routes/v1/services.ts';
import { sessionRoutes } from './routes/v1/sessions.ts';
import { shortCodeRoutes } from './routes/v1/short-codes.ts';
import { availablePhoneNumberRoutes } from './routes/v2010/available-phone-numbers.ts';
import { accountRoutes } from './routes/v2010/accounts.ts';
import { incomingPhoneNumberRoutes } from './routes/v2010/incoming-phone-numbers.ts';
import { usageRecordRoutes } from './routes/v2010/usage-records.ts';
import { apiKeyRoutes } from './routes/v2010/keys.ts';
import { carrierWebhookRoutes } from './routes/carrier-webhooks.ts';
import { masqFlowRoutes } from './routes/masq/flows.ts';
import { masqNumberTrafficRoutes } from './routes/masq/number-traffic.ts';
import { recordingRoutes } from './routes/v2010/recordings.ts';

export interface BuildAppOptions {
  readonly deps: AppDeps;
  /** Base of every `url`, `links` and page URL; null derives it from each request's Host header. */
  readonly publicUrl: string | null;
  /** The sandbox network's phones, when the sandbox carrier runs. */
  readonly sandbox?: SandboxPhones | null;
  /** The process's background tasks, reported on /healthz. */
  readonly background?: () => readonly TaskHealth[];
  /** pino level; 'silent' in tests. */
  readonly logLevel?: string;
  readonly version?: string;
  /** The built web console served at /console/ (routes/console.ts); null or absent: no console. */
  readonly consoleDir?: string | null;
}

export type MasqApp = FastifyInstance;

const VERBOSE = new Set(['debug', 'trace']);

/**
 * Fastify logs two JSON lines per request at info level, written synchronously to stdout: on the webhook
 * path that was a tenth of the server's CPU (see BENCHMARKS.md). One line per request at debug instead;
 * failed requests are still logged at error level, and 5xx answers by the error handler.
 */
class RequestsAtDebug extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) reply.log.error({ req: request, res: reply, err: error, responseTime: reply.elapsedTime }, 'request errored');
    else if (VERBOSE.has(reply.log.level)) reply.log.debug({ req: request, res: reply, responseTime: reply.elapsedTime }, 'request completed');
  }
}

const baseUrlOf = (publicUrl: string | null) => (request: FastifyRequest): string =>
  publicUrl ?? `${request.protocol}://${request.host}`;

type Routes = FastifyPluginAsyncTypebox<RouteContext>;

const PROXY_V1: readonly Routes[] = [serviceRoutes, phoneNumberRoutes, shortCodeRoutes, sessionRoutes, participantRoutes, interactionRoutes, messageInteractionRoutes];
const MASQ_EXTENSIONS: readonly Routes[] = [masqPhoneNumberRoutes, masqNumberRoutes, explainRoutes, masqWebhookRoutes, masqNumberImportRoutes, masqUsageRoutes, masqPortOutRoutes, masqCampaignRoutes, masqPortInRoutes, brandProfileRoutes, masqFlowRoutes, masqNumberTrafficRoutes];
const API_2010: readonly Routes[] = [accountRoutes, apiKeyRoutes, availablePhoneNumberRoutes, incomingPhoneNumberRoutes, usageRecordRoutes, recordingRoutes];

/** Numbers v1 (porting) and Messaging v1 live only under their prefixes: Messaging's /v1/Services would collide with Proxy's. */
const NUMBERS_V1: readonly Routes[] = [portInRoutes, portingConfigRoutes];
const MESSAGING_V1: readonly Routes[] = [usa2pRoutes, tollfreeVerificationRoutes, messagingServiceRoutes, messagingPhoneNumberRoutes, brandRegistrationRoutes];

/** Each Twilio domain's own prefix and the routes it serves there. */
const DOMAIN_PREFIXES: readonly (readonly [string, readonly Routes[]])[] = [['/proxy', PROXY_V1], ['/api', API_2010], ['/numbers', NUMBERS_V1], ['/messaging', MESSAGING_V1]];

/** The domains also served at the root; the others exist only under their prefix and are documented there. */
const ROOT_DOMAINS = new Set(['/proxy', '/api']);

/** The prefixed copies of routes stay out of /openapi.json, which documents each operation once (at the root). */
const hideFromOpenApi = (scope: FastifyInstance): void => {
  scope.addHook('onRoute', (route) => {
    route.schema = { ...route.schema, hide: true };
  });
};

export const buildApp = async (options: BuildAppOptions): Promise<MasqApp> => {
  const app = Fastify({
    logger: { level: options.logLevel ?? 'info' },
    logController: new RequestsAtDebug(),
    genReqId: () => `RQ${randomUUID().replace(/-/g, '')}`,
    routerOptions: { querystringParser: parseQuery, ignoreTrailingSlash: true },
    // Errors met before routing (bad URL encoding, headers too large) leave in Twilio's envelope too.
    frameworkErrors,
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>();
  // Response schemas document the API; bodies are serialised as built, with their explicit nulls,
  // rather than by fast-json-stringify, which would drop keys a schema forgot.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  const base = baseUrlOf(options.publicUrl);
  decorateAccount(app);
  registerErrorHandling(app, base);
  await registerFormBody(app);
  await registerOpenApi(app, options.version ?? '0.0.0');
  registerMetrics(app, options.deps.smsGateEvents);

  const contextAt = (prefix: string): RouteContext => ({ deps: options.deps, mountPrefix: prefix, base: (request) => `${base(request)}${prefix}` });
  const ctx = contextAt('');
  /** Credentials and idempotent POSTs apply per scope, identically at the root and under every prefix. */
  const authenticated = (scope: FastifyInstance): void => {
    requireAuth(scope, options.deps);
    registerIdempotency(scope, options.deps, base);
  };
  await app.register(healthRoutes, { deps: options.deps, ...(options.background && { background: options.background }) });
  await app.register(errorDocsRoutes);
  if (options.consoleDir) await app.register(consoleRoutes, { dir: options.consoleDir });
  await app.register(carrierWebhookRoutes, { deps: options.deps, base: ctx.base });
  await app.register(async (api) => {
    authenticated(api);
    for (const routes of [...PROXY_V1, ...MASQ_EXTENSIONS, ...API_2010]) await api.register(routes, ctx);
    if (options.sandbox) await api.register(sandboxRoutes, { ...ctx, sandbox: options.sandbox });
    // The sandbox as a gaining carrier (docs/porting.md): present with the sandbox's other routes.
    if (options.sandbox) await api.register(sandboxPortOutRoutes, ctx);
    // The sandbox as a losing carrier: LOA signatures and subscriber records (docs/porting.md).
    if (options.sandbox) await api.register(sandboxPortingRoutes, ctx);
  });
  for (const [prefix, domainRoutes] of DOMAIN_PREFIXES) {
    await app.register(async (scope) => {
      authenticated(scope);
      if (ROOT_DOMAINS.has(prefix)) hideFromOpenApi(scope);
      for (const routes of domainRoutes) await scope.register(routes, contextAt(prefix));
    }, { prefix });
  }
  return app;
};
