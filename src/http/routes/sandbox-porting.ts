// The sandbox's side of porting (docs/porting.md), present with the sandbox carrier:
//   POST /sandbox/PortIns/{KW}/Sign        the authorized representative signs the LOA
//   GET  /sandbox/Subscribers/{E164}       the losing carrier's record of a number: what a port must submit
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sandboxSubscriber } from '../../app/porting/sandbox-subscriber.ts';
import { signPortIn } from '../../app/porting/sign-port-in.ts';
import { accountOf } from '../plugins/auth.ts';
import { serializePortIn } from '../serializers/port-in.ts';
import { ERRORS, type RouteContext } from './common.ts';

const tags = ['Sandbox'];
const AnyJson = Type.Object({}, { additionalProperties: true });

export const sandboxPortingRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post('/sandbox/PortIns/:Sid/Sign', {
    schema: { tags, summary: 'Sign a port-in\'s Letter of Authorization: its numbers go to the losing carrier', params: Type.Object({ Sid: Type.String() }), response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => {
    const view = await signPortIn(ctx.deps, accountOf(request).sid, request.params.Sid);
    const root = ctx.base(request);
    return serializePortIn(view, { base: `${root}/numbers`, root });
  });

  app.get('/sandbox/Subscribers/:PhoneNumber', {
    schema: { tags, summary: 'The sandbox losing carrier\'s subscriber record of a number held elsewhere', params: Type.Object({ PhoneNumber: Type.String({ description: 'E.164' }) }), response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => {
    const r = await sandboxSubscriber(ctx.deps, request.params.PhoneNumber);
    return {
      phone_number: r.phoneNumber, line_type: r.lineType, customer_name: r.customerName, customer_type: r.customerType, account_number: r.accountNumber,
      pin: r.pin, account_telephone_number: r.accountTelephoneNumber, address: r.address, foc_business_days: r.focBusinessDays,
    };
  });
};
