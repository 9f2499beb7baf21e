// masq extension: the call log of the account's programmable numbers (docs/programmable-numbers.md,
// "The call log API").
//   GET  /masq/v1/NumberTraffic               every call and message an application handled; filters PhoneNumber, Channel
//   GET  /masq/v1/NumberTraffic/{NT}          one of them, with its events (what happened, step by step)
//   POST /masq/v1/NumberTraffic/{NT}/Reply    Body and/or MediaUrl: a message back to the sender, from the number
// Each works on the account the request authenticated as, as every /masq/v1 route.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fetchNumberTraffic, listNumberTraffic } from '../../../app/programmable-reads/number-traffic-reads.ts';
import { replyToTraffic } from '../../../app/programmable-reads/reply-to-traffic.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { checkMediaUrls } from '../../../domain/media-urls.ts';
import { accountOf } from '../../plugins/auth.ts';
import { IDEMPOTENCY_HEADER } from '../../plugins/idempotency.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery, withFilters } from '../../paging.ts';
import {
  NumberTrafficDetailJson, NumberTrafficJson, NumberTrafficReplyJson, serializeNumberTraffic, serializeTrafficDetail, serializeTrafficReply,
} from '../../serializers/number-traffic.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const ListQuery = Type.Object({
  ...PageQuery.properties,
  PhoneNumber: Type.Optional(Type.String({ description: 'The number: its PN SID, or its E.164 number (its latest record in the account)' })),
  Channel: Type.Optional(Type.String({ description: 'voice or message' })),
});
const SidParams = Type.Object({ Sid: Type.String({ description: 'NT...' }) });
const ReplyBody = Type.Object({
  Body: Type.Optional(Type.String({ maxLength: 1600 })),
  // Counted in the handler, not by the schema, so too many gets Twilio's 21623 rather than a generic 80701.
  MediaUrl: Type.Optional(Type.Array(Type.String(), { description: 'Repeat the key for several: at most 10 (21623), each an http(s) URL of at most 2,048 characters (21620)' })),
});

/** The list's filters ride along on every page link, so following next_page_url keeps them. */
/** The request's I-Twilio-Idempotency-Token: a retry carrying it is never sent twice by the carrier either. */
const tokenOf = (header: string | string[] | undefined): string | null => (Array.isArray(header) ? header[0] : header) || null;

export const masqNumberTrafficRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq extensions'];

  app.get('/masq/v1/NumberTraffic', {
    schema: {
      tags, summary: "Calls and messages the account's numbers' applications handled, oldest first",
      querystring: ListQuery, response: { 200: ListJson('number_traffic', NumberTrafficJson), ...ERRORS },
    },
  }, async (request) => {
    const { PhoneNumber, Channel } = request.query;
    const parsed = parsePageQuery(request.query);
    const page = await listNumberTraffic(ctx.deps, accountOf(request).sid, { phoneNumber: PhoneNumber, channel: Channel }, parsed.request);
    const body = listBody('number_traffic', page, parsed, request, ctx, (t) => serializeNumberTraffic(t, ctx.base(request)));
    return { ...body, meta: withFilters(body.meta, { PhoneNumber, Channel }) };
  });

  app.get('/masq/v1/NumberTraffic/:Sid', {
    schema: { tags, summary: 'One call or message, with what happened to it step by step', params: SidParams, response: { 200: NumberTrafficDetailJson, ...ERRORS } },
  }, async (request) => serializeTrafficDetail(await fetchNumberTraffic(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  app.post('/masq/v1/NumberTraffic/:Sid/Reply', {
    schema: {
      tags, summary: 'Reply to a message: sent to its sender from the number it reached, and logged on it', consumes: [...FORM, 'application/json'],
      params: SidParams, body: ReplyBody, response: { 201: NumberTrafficReplyJson, ...ERRORS },
    },
    config: { idempotent: true },
  }, async (request, reply) => {
    const mediaUrls = checkMediaUrls(request.body.MediaUrl ?? []);
    const body = request.body.Body ?? '';
    if (body === '' && mediaUrls.length === 0) throw invalidParameter('Body', 'A reply needs a Body or a MediaUrl.');
    const sent = await replyToTraffic(ctx.deps, accountOf(request).sid, request.params.Sid, {
      body, mediaUrls, idempotencyToken: tokenOf(request.headers[IDEMPOTENCY_HEADER]),
    });
    return reply.code(201).send(serializeTrafficReply(sent, ctx.base(request)));
  });
};
