// masq extensions for port-in (docs/porting.md):
//   POST /masq/v1/PortIns/{KW}   corrections (losing_carrier_information, phone_numbers[{phone_number, pin}]);
//                               every Rejected number is resubmitted to the losing carrier
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { correctPortIn } from '../../../app/porting/correct-port-in.ts';
import { accountOf } from '../../plugins/auth.ts';
import { serializePortIn } from '../../serializers/port-in.ts';
import { ERRORS, type RouteContext } from '../common.ts';
import { portingUrls } from './port-in.ts';

export const masqPortInRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  app.post('/masq/v1/PortIns/:Sid', {
    schema: {
      tags: ['masq: porting'], summary: 'Correct a port-in and resubmit its rejected numbers (JSON body, like PortIn create)',
      params: Type.Object({ Sid: Type.String({ description: 'KW…' }) }), response: { 200: Type.Object({}, { additionalProperties: true }), ...ERRORS },
    },
  }, async (request) => {
    const view = await correctPortIn(ctx.deps, accountOf(request).sid, request.params.Sid, request.body);
    // Links point at the Numbers v1 resource, which lives under /numbers.
    const urls = portingUrls(request, ctx);
    return serializePortIn(view, { base: `${urls.root}/numbers`, root: urls.root });
  });
};
