// Numbers v1 PortIn, served under /numbers (did-wire-contract §3.5):
//   POST   /v1/Porting/PortIn                              -> 202 (JSON body, snake_case or camelCase)
//   GET    /v1/Porting/PortIn/PortInRequests               list: Token, Size, PortInRequestSid, PortInRequestStatus, CreatedBefore, CreatedAfter
//   GET    /v1/Porting/PortIn/{KW}      DELETE -> 204 (cancel)
//   GET    /v1/Porting/PortIn/{KW}/PhoneNumber/{PU}   DELETE -> 204 (cancel one number)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { FastifyRequest } from 'fastify';
import { cancelPortIn, cancelPortInNumber } from '../../../app/porting/cancel-port-in.ts';
import { createPortIn } from '../../../app/porting/create-port-in.ts';
import { fetchPortIn, fetchPortInNumber, listPortIns } from '../../../app/porting/port-in-view.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { PORT_REQUEST_STATUSES, type PortRequestStatus } from '../../../domain/porting/port-in.ts';
import { accountOf } from '../../plugins/auth.ts';
import { decodePageToken, encodePageToken } from '../../paging.ts';
import { serializePortIn, serializePortInListItem, serializePortInNumber, type PortingUrls } from '../../serializers/port-in.ts';
import { ERRORS, parseDateParam, type RouteContext } from '../common.ts';

const tags = ['Numbers v1: porting'];
const AnyJson = Type.Object({}, { additionalProperties: true });
const RequestParams = Type.Object({ Sid: Type.String({ description: 'KW…' }) });
const NumberParams = Type.Object({ Sid: Type.String({ description: 'KW…' }), PhoneNumberSid: Type.String({ description: 'PU…' }) });
const ListQuery = Type.Object({
  Token: Type.Optional(Type.String({ description: 'next_token or previous_token of a page' })),
  Size: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Page size (default 50)' })),
  PageSize: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'What twilio-node sends for limit/pageSize; Size wins' })),
  PortInRequestSid: Type.Optional(Type.String()),
  PortInRequestStatus: Type.Optional(Type.String({ description: PORT_REQUEST_STATUSES.join(', ') })),
  CreatedBefore: Type.Optional(Type.String({ description: 'ISO 8601 date or date-time' })),
  CreatedAfter: Type.Optional(Type.String({ description: 'ISO 8601 date or date-time' })),
});

export const portingUrls = (request: FastifyRequest, ctx: RouteContext): PortingUrls => {
  const base = ctx.base(request);
  return { base, root: ctx.mountPrefix !== '' && base.endsWith(ctx.mountPrefix) ? base.slice(0, -ctx.mountPrefix.length) : base };
};

const isRequestStatus = (value: string): value is PortRequestStatus => PORT_REQUEST_STATUSES.some((s) => s === value);

const statusFilter = (value: string | undefined): PortRequestStatus | undefined => {
  if (value === undefined || value === '') return undefined;
  const match = PORT_REQUEST_STATUSES.find((s) => s.toLowerCase() === value.toLowerCase());
  if (!match || !isRequestStatus(match)) throw invalidParameter('PortInRequestStatus', `Expected one of: ${PORT_REQUEST_STATUSES.join(', ')}.`);
  return match;
};

/** A date (YYYY-MM-DD, midnight UTC) or date-time filter. */
const dateFilter = (name: string, value: string | undefined): Date | undefined => {
  if (value === undefined || value === '') return undefined;
  return parseDateParam(name, /^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value) ?? undefined;
};

export const portInRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const { deps } = ctx;

  // No body schema: the body is JSON with nested objects and up to 1000 numbers, normalised by the use case.
  app.post('/v1/Porting/PortIn', {
    schema: { tags, summary: 'Create a port-in request (JSON body; snake_case or camelCase keys)', response: { 202: AnyJson, ...ERRORS } },
  }, async (request, reply) => {
    const view = await createPortIn(deps, accountOf(request).sid, request.body);
    return reply.code(202).send(serializePortIn(view, portingUrls(request, ctx)));
  });

  app.get('/v1/Porting/PortIn/PortInRequests', {
    schema: { tags, summary: 'List port-in requests (token paging: meta.next_token)', querystring: ListQuery, response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => {
    const q = request.query;
    const size = q.Size ?? q.PageSize ?? 50;
    const decoded = q.Token ? decodePageToken(q.Token) : null;
    const page = await listPortIns(deps, accountOf(request).sid, {
      ...(q.PortInRequestSid && { sid: q.PortInRequestSid }),
      ...(statusFilter(q.PortInRequestStatus) !== undefined && { status: statusFilter(q.PortInRequestStatus) }),
      ...(dateFilter('CreatedBefore', q.CreatedBefore) && { createdBefore: dateFilter('CreatedBefore', q.CreatedBefore) }),
      ...(dateFilter('CreatedAfter', q.CreatedAfter) && { createdAfter: dateFilter('CreatedAfter', q.CreatedAfter) }),
    }, { pageSize: size, after: decoded?.direction === 'after' ? decoded.cursor : undefined, before: decoded?.direction === 'before' ? decoded.cursor : undefined });
    const first = page.items[0]?.request;
    const last = page.items[page.items.length - 1]?.request;
    const forward = decoded?.direction !== 'before';
    const hasNext = forward ? page.hasMore : decoded !== null;
    const hasPrevious = forward ? decoded !== null : page.hasMore;
    const urls = portingUrls(request, ctx);
    return {
      port_in_requests: page.items.map((item) => serializePortInListItem(item, urls)),
      meta: {
        next_token: hasNext && last ? encodePageToken('after', last) : null,
        previous_token: hasPrevious && first ? encodePageToken('before', first) : null,
        page_size: size,
        key: 'port_in_requests',
      },
    };
  });

  app.get('/v1/Porting/PortIn/:Sid', {
    schema: { tags, summary: 'Fetch a port-in request with its numbers', params: RequestParams, response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => serializePortIn(await fetchPortIn(deps, accountOf(request).sid, request.params.Sid), portingUrls(request, ctx)));

  app.delete('/v1/Porting/PortIn/:Sid', {
    schema: { tags, summary: 'Cancel a port-in request (numbers not yet ported)', params: RequestParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await cancelPortIn(deps, accountOf(request).sid, request.params.Sid);
    return reply.code(204).send(null);
  });

  app.get('/v1/Porting/PortIn/:Sid/PhoneNumber/:PhoneNumberSid', {
    schema: { tags, summary: 'Fetch one number of a port-in request', params: NumberParams, response: { 200: AnyJson, ...ERRORS } },
  }, async (request) => serializePortInNumber(await fetchPortInNumber(deps, accountOf(request).sid, request.params.Sid, request.params.PhoneNumberSid), portingUrls(request, ctx)));

  app.delete('/v1/Porting/PortIn/:Sid/PhoneNumber/:PhoneNumberSid', {
    schema: { tags, summary: 'Cancel one number of a port-in request', params: NumberParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await cancelPortInNumber(deps, accountOf(request).sid, request.params.Sid, request.params.PhoneNumberSid);
    return reply.code(204).send(null);
  });
};
