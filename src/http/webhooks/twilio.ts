// Twilio's webhooks: the number's Messaging and Voice URLs, and the status callbacks of the legs masq
// asks Twilio to place. Each request is checked against X-Twilio-Signature before anything reads it,
// then parsed, routed by the app's use cases and answered in TwiML. Twilio sends no Basic auth, so
// these routes live outside the authenticated scope; the signature is their authentication.
//
// http/ may not import carriers/, so the Twilio specifics (signature, parsing, TwiML) arrive through
// `twilio`, built by the composition root; null when no Twilio account is configured.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { AppDeps } from '../../app/deps.ts';
import { recordResourceStatus } from '../../app/record-resource-status.ts';
import { routeInbound, type RouteOutcome } from '../../app/route-inbound.ts';
import { AppError, notFound } from '../../domain/errors.ts';
import type { ResourceStatus, ResourceType } from '../../domain/interaction.ts';
import type { InboundChannel, InboundEvent } from '../../domain/routing.ts';
import { envelope } from '../plugins/errors.ts';
import { pathOf } from '../routes/common.ts';

export type WebhookParams = Readonly<Record<string, string | readonly string[]>>;

export interface WebhookAnswer {
  readonly contentType: string;
  readonly body: string;
}

export interface CarrierStatusReport {
  readonly resourceSid: string | null;
  readonly resourceType: ResourceType;
  readonly status: ResourceStatus;
  readonly durationSeconds: number | null;
  readonly errorCode: string | null;
}

/** The Twilio adapter, as this layer sees it. */
export interface TwilioWebhooks {
  verifySignature(signature: string | undefined, url: string, params: WebhookParams): boolean;
  withheldSender(params: WebhookParams): boolean;
  parseInbound(channel: InboundChannel, params: WebhookParams): InboundEvent;
  parseStatus(kind: 'message' | 'dial' | 'call', params: WebhookParams): CarrierStatusReport | null;
  render(outcome: RouteOutcome, publicUrl: string): WebhookAnswer;
  acknowledge(): WebhookAnswer;
}

export interface TwilioWebhookOptions {
  readonly deps: AppDeps;
  /** masq's externally visible base URL: what Twilio was told to call, and so what it signed. */
  readonly base: (request: FastifyRequest) => string;
  readonly twilio: TwilioWebhooks | null;
}

/** Twilio's webhooks are a few KB; a bigger body is not from Twilio and is refused unread (413). */
export const TWILIO_WEBHOOK_BODY_LIMIT = 64 * 1024;

const FORM = 'application/x-www-form-urlencoded';

const isForm = (contentType: string | undefined): boolean => contentType?.split(';')[0]?.trim().toLowerCase() === FORM;

const isParams = (body: unknown): body is WebhookParams =>
  typeof body === 'object' && body !== null && !Array.isArray(body)
  && Object.values(body).every((v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')));

const paramsOf = (request: FastifyRequest): WebhookParams => (isParams(request.body) ? request.body : {});

const headerOf = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** The Interaction query parameter masq put in the status URL it gave Twilio. */
const interactionOf = (request: FastifyRequest): string | null => {
  const query = request.query;
  if (typeof query !== 'object' || query === null || !('Interaction' in query)) return null;
  const value = query.Interaction;
  return typeof value === 'string' && value !== '' ? value : null;
};

const forbidden = (): AppError => new AppError(80610, 'X-Twilio-Signature is missing or does not match this request');

const send = (reply: FastifyReply, answer: WebhookAnswer): FastifyReply => reply.type(answer.contentType).send(answer.body);

export const twilioWebhookRoutes: FastifyPluginAsync<TwilioWebhookOptions> = async (app, { deps, base, twilio }) => {
  app.addHook('onRequest', async (request, reply) => {
    if (!twilio) throw notFound(pathOf(request));
    // Fastify would parse JSON and plain text too; Twilio only ever sends forms.
    if (!isForm(headerOf(request, 'content-type'))) {
      return reply.code(415).type('application/json; charset=utf-8').send(envelope(80701, `Content-Type must be ${FORM}`, 415));
    }
    // Without a signature nothing can authenticate the request: refuse it before its body is read or
    // parsed, so unsigned traffic costs no more than its headers.
    if (!headerOf(request, 'x-twilio-signature')) throw forbidden();
    return undefined;
  });
  // After the body is parsed (it is signed too) and before any handler sees it.
  app.addHook('preHandler', async (request) => {
    const url = `${base(request)}${request.url}`;
    if (!twilio?.verifySignature(headerOf(request, 'x-twilio-signature'), url, paramsOf(request))) throw forbidden();
  });

  const options = { bodyLimit: TWILIO_WEBHOOK_BODY_LIMIT, schema: { hide: true } };

  const inbound = (channel: InboundChannel) => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!twilio) throw notFound(pathOf(request));
    const params = paramsOf(request);
    // A withheld caller id matches no participant: a <Reject/> (a call) or an empty answer (a message), not a 400.
    const outcome: RouteOutcome = twilio.withheldSender(params)
      ? { kind: 'nothing', channel, code: 80903, reason: 'The sender withheld their caller id' }
      : await routeInbound(deps, twilio.parseInbound(channel, params));
    if (outcome.kind === 'nothing' && outcome.code !== null) request.log.info({ code: outcome.code, reason: outcome.reason }, 'inbound traffic not forwarded');
    return send(reply, twilio.render(outcome, base(request)));
  };

  const status = (kind: 'message' | 'dial' | 'call') => async (request: FastifyRequest, reply: FastifyReply) => {
    if (!twilio) throw notFound(pathOf(request));
    const report = twilio.parseStatus(kind, paramsOf(request));
    if (report?.errorCode) request.log.info({ resourceSid: report.resourceSid, errorCode: report.errorCode }, 'Twilio reported an error code');
    if (report) {
      const { resourceSid, resourceType, status: resourceStatus, durationSeconds } = report;
      await recordResourceStatus(deps, { interactionSid: interactionOf(request), resourceSid, resourceType, status: resourceStatus, durationSeconds });
    }
    return send(reply, twilio.acknowledge());
  };

  app.post('/webhooks/twilio/sms', options, inbound('message'));
  app.post('/webhooks/twilio/voice', options, inbound('voice'));
  app.post('/webhooks/twilio/message-status', options, status('message'));
  app.post('/webhooks/twilio/dial-status', options, status('dial'));
  app.post('/webhooks/twilio/call-status', options, status('call'));
};
