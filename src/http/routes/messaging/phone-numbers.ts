// Messaging v1 /v1/Services/{MG}/PhoneNumbers[/{PN}]: the service's sender pool.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addMessagingNumber } from '../../../app/messaging-services/add-messaging-number.ts';
import { fetchMessagingNumber, listMessagingNumbers } from '../../../app/messaging-services/read-messaging-numbers.ts';
import { removeMessagingNumber } from '../../../app/messaging-services/remove-messaging-number.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { MessagingPhoneNumberJson, serializeMessagingNumber } from '../../serializers/messaging-service.ts';
import { ERRORS, ListJson, listBodyBy, type RouteContext } from '../common.ts';

const ServiceParams = Type.Object({ ServiceSid: Type.String({ description: 'MG SID' }) });
const NumberParams = Type.Object({ ServiceSid: Type.String({ description: 'MG SID' }), Sid: Type.String({ description: 'PN SID' }) });
const AddBody = Type.Object({ PhoneNumberSid: Type.String({ description: 'PN SID of an active number of the account' }) });

export const messagingPhoneNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Messaging Services'];
  app.post('/v1/Services/:ServiceSid/PhoneNumbers', {
    schema: { tags, summary: 'Add a number to a messaging service', consumes: FORM, params: ServiceParams, body: AddBody, response: { 201: MessagingPhoneNumberJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const added = await addMessagingNumber(ctx.deps, accountOf(request).sid, request.params.ServiceSid, request.body.PhoneNumberSid);
    return reply.code(201).send(serializeMessagingNumber(added, ctx.base(request)));
  });

  app.get('/v1/Services/:ServiceSid/PhoneNumbers', {
    schema: { tags, summary: "List a messaging service's numbers", params: ServiceParams, querystring: PageQuery, response: { 200: ListJson('phone_numbers', MessagingPhoneNumberJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listMessagingNumbers(ctx.deps, accountOf(request).sid, request.params.ServiceSid, parsed.request);
    return listBodyBy('phone_numbers', page, (p) => ({ dateCreated: p.dateCreated, sid: p.number.sid }), parsed, request, ctx,
      (p) => serializeMessagingNumber(p, ctx.base(request)));
  });

  app.get('/v1/Services/:ServiceSid/PhoneNumbers/:Sid', {
    schema: { tags, summary: 'Fetch a number of a messaging service', params: NumberParams, response: { 200: MessagingPhoneNumberJson, ...ERRORS } },
  }, async (request) => {
    const found = await fetchMessagingNumber(ctx.deps, accountOf(request).sid, request.params.ServiceSid, request.params.Sid);
    return serializeMessagingNumber(found, ctx.base(request));
  });

  app.delete('/v1/Services/:ServiceSid/PhoneNumbers/:Sid', {
    schema: { tags, summary: 'Remove a number from a messaging service (it stays in the account)', params: NumberParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await removeMessagingNumber(ctx.deps, accountOf(request).sid, request.params.ServiceSid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
