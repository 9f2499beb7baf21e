// /v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants. No update (Twilio dropped it in 2018);
// delete is a soft delete.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { addParticipant } from '../../../app/add-participant.ts';
import type { ParticipantInput } from '../../../app/create-session.ts';
import { fetchParticipant } from '../../../app/fetch-participant.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { listParticipants } from '../../../app/list-participants.ts';
import { removeParticipant } from '../../../app/remove-participant.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { ParticipantJson, serializeParticipant } from '../../serializers/participant.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

/** Participant create parameters; also the shape of each item of a Session's `Participants`. */
export const ParticipantBody = Type.Object({
  Identifier: Type.String({ description: 'E.164 number or channel address (whatsapp:+1..., messenger:...)' }),
  FriendlyName: Type.Optional(Type.String({ maxLength: 255 })),
  ProxyIdentifier: Type.Optional(Type.String({ description: 'A pool number (E.164) to use instead of allocating one' })),
  ProxyIdentifierSid: Type.Optional(Type.String({ description: 'PN SID of a pool number to use' })),
  FailOnParticipantConflict: Type.Optional(Type.Boolean({ description: 'Legacy; accepted and ignored' })),
});

export const toParticipantInput = (b: Static<typeof ParticipantBody>): ParticipantInput => ({
  identifier: b.Identifier,
  friendlyName: b.FriendlyName ?? null,
  proxyIdentifier: b.ProxyIdentifier || null,
  proxyIdentifierSid: b.ProxyIdentifierSid || null,
});

const SessionParams = Type.Object({ ServiceSid: Type.String(), SessionSid: Type.String({ description: 'KC SID or UniqueName' }) });
const ParticipantParams = Type.Object({ ...SessionParams.properties, Sid: Type.String({ description: 'KP SID' }) });

export const participantRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Participants'];
  const base = '/v1/Services/:ServiceSid/Sessions/:SessionSid/Participants';

  app.post(base, {
    schema: { tags, summary: 'Add a participant; a proxy number is allocated unless one is named', consumes: FORM, params: SessionParams, body: ParticipantBody, response: { 201: ParticipantJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const participant = await addParticipant(ctx.deps, service, request.params.SessionSid, toParticipantInput(request.body));
    return reply.code(201).send(serializeParticipant(participant, ctx.base(request)));
  });

  app.get(base, {
    schema: { tags, summary: 'List participants (removed ones too, with date_deleted)', params: SessionParams, querystring: PageQuery, response: { 200: ListJson('participants', ParticipantJson), ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    const page = await listParticipants(ctx.deps, service, request.params.SessionSid, parsed.request);
    return listBody('participants', page, parsed, request, ctx, (p) => serializeParticipant(p, ctx.base(request)));
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch a participant', params: ParticipantParams, response: { 200: ParticipantJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const participant = await fetchParticipant(ctx.deps, service, request.params.SessionSid, request.params.Sid);
    return serializeParticipant(participant, ctx.base(request));
  });

  app.delete(`${base}/:Sid`, {
    schema: { tags, summary: 'Remove a participant (soft delete: it stays listed with date_deleted)', params: ParticipantParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    await removeParticipant(ctx.deps, service, request.params.SessionSid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
