// Every carrier's webhooks, at /webhooks/{account}/{path}: one plugin for all carriers. It keeps the raw
// body (signatures are computed over its exact bytes) and hands the request to the account's adapter
// through the handle-carrier-webhook use case. Carriers send no Basic auth, so these routes live outside
// the authenticated scope; the signature is their authentication. Nothing here knows any one carrier.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.ts';
import { handleCarrierWebhook, signatureRefused, webhookAdapterOf } from '../../app/handle-carrier-webhook.ts';
import type { RawWebhook } from '../../ports/carrier.ts';
import { AppError, twilioCodeOf } from '../../domain/errors.ts';
import { errorEnvelope } from '../plugins/errors.ts';

export interface CarrierWebhookOptions {
  readonly deps: AppDeps;
  /** masq's externally visible base URL: what the carrier was told to call, and so what it signed. */
  readonly base: (request: FastifyRequest) => string;
}

/** The largest body any adapter takes; each adapter's own limit is checked too. */
const DEFAULT_BODY_LIMIT = 64 * 1024;

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

const mediaTypeOf = (request: FastifyRequest): string | null =>
  headerOf(request, 'content-type')?.split(';')[0]?.trim().toLowerCase() || null;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const routeParams = (request: FastifyRequest): { account: string; path: string } => {
  const params = isRecord(request.params) ? request.params : {};
  const account = typeof params.account === 'string' ? params.account : '';
  const path = typeof params['*'] === 'string' ? params['*'] : '';
  return { account, path };
};

/** The query's first value per key (carriers put one `Interaction` there, masq's own marker). */
const queryOf = (request: FastifyRequest): Record<string, string> => {
  const query = isRecord(request.query) ? request.query : {};
  const flat = new Map<string, string>();
  for (const [key, value] of Object.entries(query)) {
    const first = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string') flat.set(key, first);
  }
  return Object.fromEntries(flat);
};

const headersOf = (request: FastifyRequest): Record<string, string | undefined> => {
  const headers = new Map<string, string | undefined>();
  for (const name of Object.keys(request.headers)) headers.set(name.toLowerCase(), headerOf(request, name));
  return Object.fromEntries(headers);
};

const rawWebhookOf = (request: FastifyRequest, base: string): RawWebhook => ({
  path: routeParams(request).path,
  url: `${base}${request.url}`,
  headers: headersOf(request),
  contentType: mediaTypeOf(request),
  rawBody: Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
  query: queryOf(request),
});

export const carrierWebhookRoutes: FastifyPluginAsync<CarrierWebhookOptions> = async (app, { deps, base }) => {
  const bodyLimit = Math.max(DEFAULT_BODY_LIMIT, ...deps.carriers.names().map((name) => deps.carriers.find(name)?.webhooks?.bodyLimit ?? 0));
  // Bodies stay bytes: the adapter verifies the signature over them, then parses them itself.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => done(null, body));

  app.addHook('onRequest', async (request, reply) => {
    const { adapter } = webhookAdapterOf(deps, routeParams(request).account);
    const mediaType = mediaTypeOf(request);
    if (!mediaType || !adapter.contentTypes.includes(mediaType)) {
      return reply.code(415).type('application/json; charset=utf-8').send(errorEnvelope(new AppError('parameter-invalid', `Content-Type must be ${adapter.contentTypes.join(' or ')}`), base(request), 415));
    }
    // Without a signature nothing can authenticate the request: refuse it before its body is read, so
    // unsigned traffic costs no more than its headers.
    if (!adapter.isSigned(headersOf(request))) throw signatureRefused('The request is not signed');
    const length = Number(headerOf(request, 'content-length') ?? '0');
    if (length > adapter.bodyLimit) {
      return reply.code(413).type('application/json; charset=utf-8').send(errorEnvelope(new AppError('parameter-invalid', `The body is larger than ${adapter.bodyLimit} bytes`), base(request), 413));
    }
    return undefined;
  });

  const handle = async (request: FastifyRequest, reply: FastifyReply) => {
    const { account } = routeParams(request);
    const publicBase = base(request);
    const handled = await handleCarrierWebhook(deps, account, rawWebhookOf(request, publicBase), `${publicBase}/webhooks/${account}`);
    if (handled.refusal) request.log.info({ code: twilioCodeOf(handled.refusal.code), error: handled.refusal.code, reason: handled.refusal.reason }, 'inbound traffic not forwarded');
    if (handled.carrierError) request.log.info({ account, errorCode: handled.carrierError }, 'the carrier reported an error code');
    const { answer } = handled;
    reply.code(answer.status);
    if (answer.contentType) reply.type(answer.contentType);
    return reply.send(answer.body);
  };

  app.post('/webhooks/:account/*', { bodyLimit, schema: { hide: true } }, handle);
};
