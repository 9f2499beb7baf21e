// /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Interactions: the read-only log (plus delete).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { deleteInteraction } from '../../../app/delete-interaction.ts';
import { fetchInteraction } from '../../../app/fetch-interaction.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { listInteractions } from '../../../app/list-interactions.ts';
import { accountOf } from '../../plugins/auth.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { InteractionJson, serializeInteraction } from '../../serializers/interaction.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const SessionParams = Type.Object({ ServiceSid: Type.String(), SessionSid: Type.String({ description: 'KC SID or UniqueName' }) });
const InteractionParams = Type.Object({ ...SessionParams.properties, Sid: Type.String({ description: 'KI SID' }) });

export const interactionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Interactions'];
  const base = '/v1/Services/:ServiceSid/Sessions/:SessionSid/Interactions';

  app.get(base, {
    schema: { tags, summary: 'List interactions', params: SessionParams, querystring: PageQuery, response: { 200: ListJson('interactions', InteractionJson), ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    const page = await listInteractions(ctx.deps, service, request.params.SessionSid, parsed.request);
    return listBody('interactions', page, parsed, request, ctx, (i) => serializeInteraction(i, ctx.base(request)));
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch an interaction', params: InteractionParams, response: { 200: InteractionJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    return serializeInteraction(await fetchInteraction(ctx.deps, service, request.params.SessionSid, request.params.Sid), ctx.base(request));
  });

  app.delete(`${base}/:Sid`, {
    schema: { tags, summary: 'Delete an interaction log record', params: InteractionParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    await deleteInteraction(ctx.deps, service, request.params.SessionSid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
