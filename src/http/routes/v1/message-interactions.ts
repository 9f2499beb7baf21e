// /v1/.../Participants/{ParticipantSid}/MessageInteractions: send a message to one participant from
// their proxy number. The list key is `interactions`, as on Twilio.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fetchMessageInteraction } from '../../../app/fetch-message-interaction.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { listMessageInteractions } from '../../../app/list-message-interactions.ts';
import { sendMessageInteraction } from '../../../app/send-message-interaction.ts';
import { AppError, invalidParameter } from '../../../domain/errors.ts';
import { checkMediaUrls } from '../../../domain/media-urls.ts';
import { isSid } from '../../../domain/sid.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { MessageInteractionJson, serializeMessageInteraction } from '../../serializers/interaction.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const ParticipantParams = Type.Object({
  ServiceSid: Type.String(),
  SessionSid: Type.String({ description: 'KC SID or UniqueName' }),
  ParticipantSid: Type.String({ description: 'KP SID' }),
});
const MessageParams = Type.Object({ ...ParticipantParams.properties, Sid: Type.String({ description: 'KI SID' }) });
const CreateBody = Type.Object({
  Body: Type.Optional(Type.String({ maxLength: 1600 })),
  // Counted in the handler, not by the schema, so too many gets Twilio's 21623 rather than a generic 80701.
  MediaUrl: Type.Optional(Type.Array(Type.String(), { description: 'Repeat the key for several: at most 10 (21623), each an http(s) URL of at most 2,048 characters (21620)' })),
});

export const messageInteractionRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['MessageInteractions'];
  const base = '/v1/Services/:ServiceSid/Sessions/:SessionSid/Participants/:ParticipantSid/MessageInteractions';

  app.post(base, {
    schema: { tags, summary: "Send a message to the participant from their proxy number", consumes: FORM, params: ParticipantParams, body: CreateBody, response: { 201: MessageInteractionJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const { ParticipantSid: participantSid, SessionSid: sessionSid } = request.params;
    if (!isSid('participant', participantSid)) throw new AppError('participant-sid-invalid', `Invalid Participant SID ${participantSid}`);
    const mediaUrls = checkMediaUrls(request.body.MediaUrl ?? []);
    const body = request.body.Body ?? '';
    if (body === '' && mediaUrls.length === 0) throw invalidParameter('Body', 'A message needs a Body or a MediaUrl.');
    const interaction = await sendMessageInteraction(ctx.deps, service, sessionSid, participantSid, { body, mediaUrls });
    return reply.code(201).send(serializeMessageInteraction(interaction, ctx.base(request), participantSid));
  });

  app.get(base, {
    schema: { tags, summary: 'List messages sent to the participant', params: ParticipantParams, querystring: PageQuery, response: { 200: ListJson('interactions', MessageInteractionJson), ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    const { SessionSid, ParticipantSid } = request.params;
    const page = await listMessageInteractions(ctx.deps, service, SessionSid, ParticipantSid, parsed.request);
    return listBody('interactions', page, parsed, request, ctx, (i) => serializeMessageInteraction(i, ctx.base(request), ParticipantSid));
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch a message interaction', params: MessageParams, response: { 200: MessageInteractionJson, ...ERRORS } },
  }, async (request) => {
    const service = await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const { SessionSid, ParticipantSid, Sid } = request.params;
    const interaction = await fetchMessageInteraction(ctx.deps, service, SessionSid, ParticipantSid, Sid);
    return serializeMessageInteraction(interaction, ctx.base(request), ParticipantSid);
  });
};
