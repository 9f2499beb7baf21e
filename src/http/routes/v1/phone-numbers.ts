// /v1/Services/{ServiceSid}/PhoneNumbers: the service's number pool.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { addPoolNumber } from '../../../app/add-pool-number.ts';
import { fetchPoolNumber } from '../../../app/fetch-pool-number.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { listPoolNumbers } from '../../../app/list-pool-numbers.ts';
import { removePoolNumber } from '../../../app/remove-pool-number.ts';
import { updatePoolNumber } from '../../../app/update-pool-number.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { PhoneNumberJson, serializePhoneNumber } from '../../serializers/phone-number.ts';
import { ERRORS, ListJson, listBodyBy, type RouteContext } from '../common.ts';

const ServiceParams = Type.Object({ ServiceSid: Type.String() });
const NumberParams = Type.Object({ ServiceSid: Type.String(), Sid: Type.String({ description: 'PN SID (or the E.164 number)' }) });
const CreateBody = Type.Object({
  Sid: Type.Optional(Type.String({ description: 'PN SID of a number in the account inventory' })),
  PhoneNumber: Type.Optional(Type.String({ description: 'E.164; a new number joins the inventory on the default carrier' })),
  IsReserved: Type.Optional(Type.Boolean()),
});
const UpdateBody = Type.Object({ IsReserved: Type.Optional(Type.Boolean()) });

export const phoneNumberRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['PhoneNumbers'];
  const base = '/v1/Services/:ServiceSid/PhoneNumbers';

  app.post(base, {
    schema: { tags, summary: 'Add a number to the pool', consumes: FORM, params: ServiceParams, body: CreateBody, response: { 201: PhoneNumberJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const view = await addPoolNumber(ctx.deps, service, { sid: request.body.Sid, phoneNumber: request.body.PhoneNumber, isReserved: request.body.IsReserved });
    return reply.code(201).send(serializePhoneNumber(view, ctx.base(request), service.sid));
  });

  app.get(base, {
    schema: { tags, summary: 'List the pool', params: ServiceParams, querystring: PageQuery, response: { 200: ListJson('phone_numbers', PhoneNumberJson), ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    const page = await listPoolNumbers(ctx.deps, service, parsed.request);
    return listBodyBy('phone_numbers', page, (v) => v.number, parsed, request, ctx, (v) => serializePhoneNumber(v, ctx.base(request), service.sid));
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch a pool number', params: NumberParams, response: { 200: PhoneNumberJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    return serializePhoneNumber(await fetchPoolNumber(ctx.deps, service, request.params.Sid), ctx.base(request), service.sid);
  });

  app.post(`${base}/:Sid`, {
    schema: { tags, summary: 'Reserve or unreserve a pool number', consumes: FORM, params: NumberParams, body: UpdateBody, response: { 200: PhoneNumberJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const view = await updatePoolNumber(ctx.deps, service, request.params.Sid, { isReserved: request.body.IsReserved });
    return serializePhoneNumber(view, ctx.base(request), service.sid);
  });

  app.delete(`${base}/:Sid`, {
    schema: { tags, summary: 'Remove a number from the pool (80611 while in active sessions)', params: NumberParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    await removePoolNumber(ctx.deps, service, request.params.Sid);
    return reply.code(204).send(null);
  });
};
