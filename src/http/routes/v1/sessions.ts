// /v1/Services/{ServiceSid}/Sessions. {Sid} takes a KC SID or the session's UniqueName.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { createSession, type CreateSessionInput } from '../../../app/create-session.ts';
import { deleteSession } from '../../../app/delete-session.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { fetchSession } from '../../../app/fetch-session.ts';
import { listSessions } from '../../../app/list-sessions.ts';
import { updateSession } from '../../../app/update-session.ts';
import { MAX_TTL_SECONDS, SESSION_MODES, SESSION_STATUSES } from '../../../domain/session.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery, withFilters } from '../../paging.ts';
import { StringEnum } from '../../serializers/common.ts';
import { serializeSession, SessionJson } from '../../serializers/session.ts';
import { ERRORS, ListJson, listBody, parseDateParam, type RouteContext } from '../common.ts';
import { ParticipantBody, toParticipantInput } from './participants.ts';

const ServiceParams = Type.Object({ ServiceSid: Type.String() });
const SessionParams = Type.Object({ ServiceSid: Type.String(), Sid: Type.String({ description: 'KC SID or UniqueName' }) });

const expiryFields = {
  DateExpiry: Type.Optional(Type.String({ description: 'ISO 8601; overrides Ttl; empty clears it' })),
  Ttl: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TTL_SECONDS, description: `Seconds (0-${MAX_TTL_SECONDS}), sliding from the last interaction` })),
  // Legacy (in Twilio's spec until 2022); accepted and ignored: conflicts are always rejected.
  FailOnParticipantConflict: Type.Optional(Type.Boolean()),
};
const CreateBody = Type.Object({
  UniqueName: Type.Optional(Type.String({ maxLength: 191 })),
  ...expiryFields,
  Mode: Type.Optional(StringEnum(SESSION_MODES)),
  Status: Type.Optional(StringEnum(SESSION_STATUSES)),
  Participants: Type.Optional(Type.Array(ParticipantBody, {
    maxItems: 2,
    description: 'Each a JSON object {"Identifier": ..., "FriendlyName": ..., "ProxyIdentifier": ...}; bracket keys Participants[Identifier] are accepted too',
  })),
});
const UpdateBody = Type.Object({ ...expiryFields, Status: Type.Optional(StringEnum(SESSION_STATUSES)) });
/** masq's search extension (docs/api-extensions.md#searching-sessions): Twilio's list has no filters. */
const ListQuery = Type.Object({
  ...PageQuery.properties,
  UniqueName: Type.Optional(Type.String({ maxLength: 191, description: 'masq: sessions whose UniqueName starts with this (case-sensitive)' })),
  Identifier: Type.Optional(Type.String({ maxLength: 191, description: 'masq: sessions with a participant of this identifier (any spelling of the number)' })),
  Status: Type.Optional({ ...StringEnum(SESSION_STATUSES), description: 'masq: sessions in this status now (an expired session is closed)' }),
});

const toCreateInput = (b: Static<typeof CreateBody>): CreateSessionInput => ({
  uniqueName: b.UniqueName,
  ttl: b.Ttl,
  dateExpiry: parseDateParam('DateExpiry', b.DateExpiry),
  mode: b.Mode,
  status: b.Status,
  participants: b.Participants?.map(toParticipantInput),
});

export const sessionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Sessions'];
  const base = '/v1/Services/:ServiceSid/Sessions';

  app.post(base, {
    schema: { tags, summary: 'Create a session, optionally with its participants', consumes: FORM, params: ServiceParams, body: CreateBody, response: { 201: SessionJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const { session } = await createSession(ctx.deps, service, toCreateInput(request.body));
    return reply.code(201).send(serializeSession(session, ctx.base(request)));
  });

  app.get(base, {
    schema: { tags, summary: 'List sessions (masq: search by UniqueName, Identifier, Status)', params: ServiceParams, querystring: ListQuery, response: { 200: ListJson('sessions', SessionJson), ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    const { UniqueName, Identifier, Status } = request.query;
    const page = await listSessions(ctx.deps, service, parsed.request, { uniqueName: UniqueName, identifier: Identifier, status: Status });
    const body = listBody('sessions', page, parsed, request, ctx, (s) => serializeSession(s, ctx.base(request)));
    return { ...body, meta: withFilters(body.meta, { UniqueName, Identifier, Status }) };
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch a session (by SID or UniqueName)', params: SessionParams, response: { 200: SessionJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    return serializeSession(await fetchSession(ctx.deps, service, request.params.Sid), ctx.base(request));
  });

  app.post(`${base}/:Sid`, {
    schema: { tags, summary: 'Update a session: close, re-open (Status=in-progress), Ttl, DateExpiry', consumes: FORM, params: SessionParams, body: UpdateBody, response: { 200: SessionJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const b = request.body;
    const session = await updateSession(ctx.deps, service, request.params.Sid, { status: b.Status, ttl: b.Ttl, dateExpiry: parseDateParam('DateExpiry', b.DateExpiry) });
    return serializeSession(session, ctx.base(request));
  });

  app.delete(`${base}/:Sid`, {
    schema: { tags, summary: 'Delete a session with its participants and interactions', params: SessionParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    await deleteSession(ctx.deps, service, request.params.Sid);
    return reply.code(204).send(null);
  });
};
