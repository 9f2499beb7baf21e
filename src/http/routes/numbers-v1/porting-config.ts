// Numbers v1 portability and porting webhook configuration, served under /numbers:
//   GET    /v1/Porting/Portability/PhoneNumber/{E164}     (the + arrives raw in the path)
//   POST   /v1/Porting/Configuration/Webhook              (JSON: port_in_target_url, port_out_target_url, notifications_of[])
//   GET    /v1/Porting/Configuration/Webhook
//   DELETE /v1/Porting/Configuration/Webhook/{PORT_IN|PORT_OUT}  -> 204
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { checkPortability, e164ForPort } from '../../../app/porting/portability.ts';
import { configurePortingWebhooks, fetchPortingWebhooks, removePortingWebhook } from '../../../app/porting/webhook-configuration.ts';
import { accountOf } from '../../plugins/auth.ts';
import { serializePortability, serializeWebhookConfig } from '../../serializers/port-in.ts';
import { ERRORS, type RouteContext } from '../common.ts';
import { portingUrls } from './port-in.ts';

const tags = ['Numbers v1: porting'];
const AnyJson = Type.Object({}, { additionalProperties: true });

export const portingConfigRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const { deps } = ctx;

  app.get('/v1/Porting/Portability/PhoneNumber/:PhoneNumber', {
    schema: {
      tags, summary: 'Whether a number can port in, and whether its PIN and account number are required',
      params: Type.Object({ PhoneNumber: Type.String({ description: 'E.164' }) }),
      querystring: Type.Object({ TargetAccountSid: Type.Optional(Type.String()), AddressSid: Type.Optional(Type.String()) }),
      response: { 200: AnyJson, ...ERRORS },
    },
  }, async (request) => {
    const account = accountOf(request);
    const e164 = e164ForPort(request.params.PhoneNumber);
    // TargetAccountSid is accepted and ignored: the number is checked for the account that asks.
    return serializePortability(await checkPortability(deps, account.sid, e164), portingUrls(request, ctx));
  });

  app.post('/v1/Porting/Configuration/Webhook', {
    schema: { tags, summary: 'Set the porting webhook targets and events (JSON body)', response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => serializeWebhookConfig(await configurePortingWebhooks(deps, accountOf(request).sid, request.body), portingUrls(request, ctx)));

  app.get('/v1/Porting/Configuration/Webhook', {
    schema: { tags, summary: 'The porting webhook configuration', response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => serializeWebhookConfig(await fetchPortingWebhooks(deps, accountOf(request).sid), portingUrls(request, ctx)));

  app.delete('/v1/Porting/Configuration/Webhook/:WebhookType', {
    schema: { tags, summary: 'Remove the PORT_IN or PORT_OUT target', params: Type.Object({ WebhookType: Type.String({ description: 'PORT_IN or PORT_OUT' }) }), response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await removePortingWebhook(deps, accountOf(request).sid, request.params.WebhookType);
    return reply.code(204).send(null);
  });
};
