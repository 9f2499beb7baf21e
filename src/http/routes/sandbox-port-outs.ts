// POST /sandbox/PortOuts: another carrier asks for one of the account's sandbox numbers (docs/porting.md,
// "Port out"). The answer is the request as recorded: pending (right PIN: the number is porting out) or
// rejected with its reason (wrong PIN or account number: the number stays). Registered with the sandbox routes.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { sandboxPortOut } from '../../app/port-out/sandbox-port-out.ts';
import { accountOf } from '../plugins/auth.ts';
import { FORM } from '../plugins/openapi.ts';
import { PortOutJson, serializePortOut } from '../serializers/port-out.ts';
import { ERRORS, parseDateParam, type RouteContext } from './common.ts';

const Body = Type.Object({
  PhoneNumber: Type.String({ description: 'E.164: one of the account\'s numbers on the sandbox carrier' }),
  Pin: Type.String({ description: 'The port-out PIN the gaining carrier was given' }),
  AccountNumber: Type.Optional(Type.String({ description: 'The account number it was given (masq\'s is the AC sid holding the number)' })),
  GainingCarrier: Type.String({ description: 'Who asks for the number' }),
  RequestedDate: Type.Optional(Type.String({ description: 'ISO 8601; never sooner than one business day (the owner\'s window), at most 90 days ahead' })),
});

export const sandboxPortOutRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post('/sandbox/PortOuts', {
    schema: {
      tags: ['Sandbox'], summary: 'A simulated gaining carrier asks for one of your sandbox numbers', consumes: [...FORM, 'application/json'],
      body: Body, response: { 201: PortOutJson, ...ERRORS },
    },
  }, async (request, reply) => {
    const { PhoneNumber, Pin, AccountNumber, GainingCarrier, RequestedDate } = request.body;
    const portOut = await sandboxPortOut(ctx.deps, accountOf(request).sid, {
      phoneNumber: PhoneNumber, pin: Pin, accountNumber: AccountNumber ?? null, gainingCarrier: GainingCarrier,
      requestedDate: parseDateParam('RequestedDate', RequestedDate) ?? null,
    });
    return reply.code(201).send(serializePortOut(portOut, ctx.base(request)));
  });
};
