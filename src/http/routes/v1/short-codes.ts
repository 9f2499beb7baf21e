// /v1/Services/{ServiceSid}/ShortCodes, for clients older than twilio-node 6 (Twilio removed the
// resource in July 2025). masq has no short-code inventory yet, so the set is always empty: lists
// work, fetch/update/delete are 404, and adding a short code is 80303 (not owned by the account).
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fetchService } from '../../../app/fetch-service.ts';
import { AppError, invalidParameter, notFound } from '../../../domain/errors.ts';
import { isSid } from '../../../domain/sid.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, pageMeta, parsePageQuery } from '../../paging.ts';
import { CapabilitiesJson, DateTime, Nullable } from '../../serializers/common.ts';
import { ERRORS, ListJson, mountPathOf, type RouteContext } from '../common.ts';

const ShortCodeJson = Type.Object({
  sid: Type.String(), account_sid: Type.String(), service_sid: Type.String(),
  date_created: Nullable(DateTime), date_updated: Nullable(DateTime),
  short_code: Type.String(), iso_country: Nullable(Type.String()), capabilities: CapabilitiesJson,
  url: Type.String(), is_reserved: Type.Boolean(),
}, { title: 'ShortCode' });

const ServiceParams = Type.Object({ ServiceSid: Type.String() });
const CodeParams = Type.Object({ ServiceSid: Type.String(), Sid: Type.String({ description: 'SC SID' }) });

export const shortCodeRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['ShortCodes'];
  const base = '/v1/Services/:ServiceSid/ShortCodes';
  const noSuchCode = async (accountSid: string, params: { ServiceSid: string; Sid: string }) => {
    const service = await fetchService(ctx.deps, accountSid, params.ServiceSid);
    return notFound(`/Services/${service.sid}/ShortCodes/${params.Sid}`);
  };

  app.post(base, {
    schema: { tags, summary: 'Add a short code (none are in inventory yet: 80303)', consumes: FORM, params: ServiceParams, body: Type.Object({ Sid: Type.String() }), response: { 201: ShortCodeJson, ...ERRORS } },
  }, async (request) => {
    await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    if (!isSid('shortCode', request.body.Sid)) throw invalidParameter('Sid', 'Expected an SC SID.');
    throw new AppError('short-code-sid-not-found', `Short Code SID ${request.body.Sid} was not found`);
  });

  app.get(base, {
    schema: { tags, summary: 'List short codes (always empty)', params: ServiceParams, querystring: PageQuery, response: { 200: ListJson('short_codes', ShortCodeJson), ...ERRORS } },
  }, async (request) => {
    await fetchService(ctx.deps, accountOf(request).sid, request.params.ServiceSid);
    const parsed = parsePageQuery(request.query);
    return { short_codes: [], meta: pageMeta('short_codes', ctx.base(request), mountPathOf(request, ctx), parsed, { items: [], hasMore: false }) };
  });

  app.get(`${base}/:Sid`, {
    schema: { tags, summary: 'Fetch a short code (none exist: 404)', params: CodeParams, response: { 200: ShortCodeJson, ...ERRORS } },
  }, async (request) => {
    throw await noSuchCode(accountOf(request).sid, request.params);
  });

  app.post(`${base}/:Sid`, {
    schema: { tags, summary: 'Update a short code (none exist: 404)', consumes: FORM, params: CodeParams, body: Type.Object({ IsReserved: Type.Optional(Type.Boolean()) }), response: { 200: ShortCodeJson, ...ERRORS } },
  }, async (request) => {
    throw await noSuchCode(accountOf(request).sid, request.params);
  });

  app.delete(`${base}/:Sid`, {
    schema: { tags, summary: 'Remove a short code (none exist: 404)', params: CodeParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request) => {
    throw await noSuchCode(accountOf(request).sid, request.params);
  });
};
