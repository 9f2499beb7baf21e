// masq extension: port-outs of the account's numbers (docs/porting.md, "Port out").
//   GET  /masq/v1/PortOuts                             every request; filters Status, PhoneNumber
//   GET  /masq/v1/PortOuts/{PO}
//   POST /masq/v1/PortOuts/{PO}                        Status=authorized, or Status=rejected with a Reason
//   GET  /masq/v1/Numbers/{PN or E.164}/PortOutPin     the PIN a gaining carrier must quote, and wrong attempts
//   POST /masq/v1/Numbers/{PN or E.164}/PortOutPin     Pin=4-10 digits sets it; no Pin makes a new random one
// Each works on the account the request authenticated as, as every /masq/v1 route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { decidePortOut, parseDecision } from '../../../app/port-out/decide-port-out.ts';
import { fetchPortOut, listPortOuts } from '../../../app/port-out/port-out-reads.ts';
import { changePortOutPin, fetchPortOutPin } from '../../../app/port-out/port-out-pin.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery, withFilters } from '../../paging.ts';
import { PortOutJson, PortOutPinJson, serializePortOut, serializePortOutPin } from '../../serializers/port-out.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  Status: Type.Optional(Type.String({ description: 'pending, authorized, rejected or completed' })),
  PhoneNumber: Type.Optional(Type.String({ description: 'E.164, exact' })),
});
const SidParams = Type.Object({ Sid: Type.String({ description: 'PO...' }) });
const NumberParams = Type.Object({ Ref: Type.String({ description: 'PN SID, or the E.164 number (its latest record in the account)' }) });
const DecisionBody = Type.Object({
  Status: Type.String({ description: 'authorized or rejected' }),
  Reason: Type.Optional(Type.String({ description: 'Required with rejected: told to the gaining carrier (at most 255 characters)' })),
});
const PinBody = Type.Object({ Pin: Type.Optional(Type.String({ description: '4 to 10 digits; leave it out for a new random PIN' })) });

/** The list's filters ride along on every page link, so following next_page_url keeps them. */
export const masqPortOutRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];

  app.get('/masq/v1/PortOuts', {
    schema: { tags, summary: "Port-out requests for the account's numbers, every status, oldest first", querystring: ListQuery, response: { 200: ListJson('port_outs', PortOutJson), ...ERRORS } },
  }, async (request) => {
    const { Status, PhoneNumber } = request.query;
    const parsed = parsePageQuery(request.query);
    const page = await listPortOuts(ctx.deps, accountOf(request).sid, { status: Status, phoneNumber: PhoneNumber }, parsed.request);
    const body = listBody('port_outs', page, parsed, request, ctx, (p) => serializePortOut(p, ctx.base(request)));
    return { ...body, meta: withFilters(body.meta, { Status, PhoneNumber }) };
  });

  app.get('/masq/v1/PortOuts/:Sid', {
    schema: { tags, summary: 'One port-out request', params: SidParams, response: { 200: PortOutJson, ...ERRORS } },
  }, async (request) => serializePortOut(await fetchPortOut(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  app.post('/masq/v1/PortOuts/:Sid', {
    schema: {
      tags, summary: 'Authorize an open port-out, or reject it with a reason (the number stays)', consumes: [...FORM, 'application/json'],
      params: SidParams, body: DecisionBody, response: { 200: PortOutJson, ...ERRORS },
    },
  }, async (request) => {
    const { sid } = await fetchPortOut(ctx.deps, accountOf(request).sid, request.params.Sid);
    const decision = parseDecision(request.body.Status, request.body.Reason);
    return serializePortOut(await decidePortOut(ctx.deps, accountOf(request).sid, sid, decision), ctx.base(request));
  });

  app.get('/masq/v1/Numbers/:Ref/PortOutPin', {
    schema: { tags, summary: "The number's port-out PIN and the wrong PINs quoted since it was set", params: NumberParams, response: { 200: PortOutPinJson, ...ERRORS } },
  }, async (request) => serializePortOutPin(await fetchPortOutPin(ctx.deps, accountOf(request).sid, request.params.Ref), ctx.base(request)));

  app.post('/masq/v1/Numbers/:Ref/PortOutPin', {
    schema: {
      tags, summary: 'Set the port-out PIN, or make a new random one', consumes: [...FORM, 'application/json'],
      params: NumberParams, body: PinBody, response: { 200: PortOutPinJson, ...ERRORS },
    },
  }, async (request) => serializePortOutPin(await changePortOutPin(ctx.deps, accountOf(request).sid, request.params.Ref, request.body.Pin ?? null), ctx.base(request)));
};
