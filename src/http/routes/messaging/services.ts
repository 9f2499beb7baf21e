// Messaging v1 /v1/Services[/{MG}] (served only under /messaging: Proxy has its own /v1/Services).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { createMessagingService } from '../../../app/messaging-services/create-messaging-service.ts';
import { deleteMessagingService } from '../../../app/messaging-services/delete-messaging-service.ts';
import type { MessagingServiceInput } from '../../../app/messaging-services/messaging-service-input.ts';
import { fetchMessagingService, listMessagingServices } from '../../../app/messaging-services/read-messaging-services.ts';
import { updateMessagingService } from '../../../app/messaging-services/update-messaging-service.ts';
import { SCAN_MESSAGE_CONTENT } from '../../../domain/messaging/service.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { MessagingServiceJson, serializeMessagingService } from '../../serializers/messaging-service.ts';
import { ERRORS, ListJson, listBodyBy, type RouteContext } from '../common.ts';

const ServiceBody = Type.Object({
  FriendlyName: Type.Optional(Type.String({ description: 'Up to 64 characters; required on create' })),
  InboundRequestUrl: Type.Optional(Type.String({ description: 'http(s) URL; empty clears it' })),
  InboundMethod: Type.Optional(Type.String({ description: 'GET or POST' })),
  FallbackUrl: Type.Optional(Type.String()),
  FallbackMethod: Type.Optional(Type.String({ description: 'GET or POST' })),
  StatusCallback: Type.Optional(Type.String()),
  StickySender: Type.Optional(Type.Boolean()),
  MmsConverter: Type.Optional(Type.Boolean()),
  SmartEncoding: Type.Optional(Type.Boolean()),
  ScanMessageContent: Type.Optional(Type.String({ description: SCAN_MESSAGE_CONTENT.join(', ') })),
  FallbackToLongCode: Type.Optional(Type.Boolean()),
  AreaCodeGeomatch: Type.Optional(Type.Boolean()),
  ValidityPeriod: Type.Optional(Type.Integer({ description: 'Seconds, 1-36000' })),
  SynchronousValidation: Type.Optional(Type.Boolean()),
  Usecase: Type.Optional(Type.String({ description: 'e.g. notifications, marketing, verification, discussion, poll, undeclared' })),
  UseInboundWebhookOnNumber: Type.Optional(Type.Boolean()),
});
const SidParams = Type.Object({ Sid: Type.String({ description: 'MG SID' }) });

const toInput = (b: Static<typeof ServiceBody>): MessagingServiceInput => ({
  ...(b.FriendlyName !== undefined && { friendlyName: b.FriendlyName }),
  ...(b.InboundRequestUrl !== undefined && { inboundRequestUrl: b.InboundRequestUrl }),
  ...(b.InboundMethod !== undefined && { inboundMethod: b.InboundMethod }),
  ...(b.FallbackUrl !== undefined && { fallbackUrl: b.FallbackUrl }),
  ...(b.FallbackMethod !== undefined && { fallbackMethod: b.FallbackMethod }),
  ...(b.StatusCallback !== undefined && { statusCallback: b.StatusCallback }),
  ...(b.StickySender !== undefined && { stickySender: b.StickySender }),
  ...(b.MmsConverter !== undefined && { mmsConverter: b.MmsConverter }),
  ...(b.SmartEncoding !== undefined && { smartEncoding: b.SmartEncoding }),
  ...(b.ScanMessageContent !== undefined && { scanMessageContent: b.ScanMessageContent }),
  ...(b.FallbackToLongCode !== undefined && { fallbackToLongCode: b.FallbackToLongCode }),
  ...(b.AreaCodeGeomatch !== undefined && { areaCodeGeomatch: b.AreaCodeGeomatch }),
  ...(b.ValidityPeriod !== undefined && { validityPeriod: b.ValidityPeriod }),
  ...(b.SynchronousValidation !== undefined && { synchronousValidation: b.SynchronousValidation }),
  ...(b.Usecase !== undefined && { usecase: b.Usecase }),
  ...(b.UseInboundWebhookOnNumber !== undefined && { useInboundWebhookOnNumber: b.UseInboundWebhookOnNumber }),
});

export const messagingServiceRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Messaging Services'];
  app.post('/v1/Services', {
    schema: { tags, summary: 'Create a messaging service', consumes: FORM, body: ServiceBody, response: { 201: MessagingServiceJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const view = await createMessagingService(ctx.deps, accountOf(request).sid, toInput(request.body));
    return reply.code(201).send(serializeMessagingService(view, ctx.base(request)));
  });

  app.get('/v1/Services', {
    schema: { tags, summary: 'List messaging services', querystring: PageQuery, response: { 200: ListJson('services', MessagingServiceJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listMessagingServices(ctx.deps, accountOf(request).sid, parsed.request);
    return listBodyBy('services', page, (v) => v.service, parsed, request, ctx, (v) => serializeMessagingService(v, ctx.base(request)));
  });

  app.get('/v1/Services/:Sid', {
    schema: { tags, summary: 'Fetch a messaging service', params: SidParams, response: { 200: MessagingServiceJson, ...ERRORS } },
  }, async (request) => serializeMessagingService(await fetchMessagingService(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  app.post('/v1/Services/:Sid', {
    schema: { tags, summary: 'Update a messaging service', consumes: FORM, params: SidParams, body: ServiceBody, response: { 200: MessagingServiceJson, ...ERRORS } },
  }, async (request) => {
    const view = await updateMessagingService(ctx.deps, accountOf(request).sid, request.params.Sid, toInput(request.body));
    return serializeMessagingService(view, ctx.base(request));
  });

  app.delete('/v1/Services/:Sid', {
    schema: { tags, summary: 'Delete a messaging service (its numbers stay in the account)', params: SidParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteMessagingService(ctx.deps, accountOf(request).sid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
