// /v1/Services. The {Sid} segment takes a KS SID or the UniqueName, for every operation.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { ServiceInput } from '../../../app/create-service.ts';
import { createService } from '../../../app/create-service.ts';
import { deleteService } from '../../../app/delete-service.ts';
import { fetchService } from '../../../app/fetch-service.ts';
import { listServices } from '../../../app/list-services.ts';
import { updateService } from '../../../app/update-service.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { GEO_MATCH_LEVELS, NUMBER_SELECTION_BEHAVIORS } from '../../../domain/service.ts';
import { MAX_TTL_SECONDS } from '../../../domain/session.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { StringEnum } from '../../serializers/common.ts';
import { serializeService, ServiceJson } from '../../serializers/service.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const ServiceFields = {
  UniqueName: Type.Optional(Type.String({ maxLength: 191, description: 'Unique per account; no PII' })),
  DefaultTtl: Type.Optional(Type.Integer({ minimum: 0, maximum: MAX_TTL_SECONDS, description: `Seconds, 0-${MAX_TTL_SECONDS}; 0 = sessions never expire` })),
  CallbackUrl: Type.Optional(Type.String()),
  GeoMatchLevel: Type.Optional(StringEnum(GEO_MATCH_LEVELS)),
  NumberSelectionBehavior: Type.Optional(StringEnum(NUMBER_SELECTION_BEHAVIORS)),
  InterceptCallbackUrl: Type.Optional(Type.String()),
  OutOfSessionCallbackUrl: Type.Optional(Type.String()),
  ChatInstanceSid: Type.Optional(Type.String()),
  // masq extensions: optional parameters Twilio clients never send (docs/api-extensions.md).
  ArgentinaMobileNine: Type.Optional(Type.Boolean({ description: 'masq: insert the mobile 9 after +54 for voice' })),
  MexicoLegacyOne: Type.Optional(Type.Boolean({ description: 'masq: insert the legacy 1 after +52 for mobiles' })),
  OptOutWords: Type.Optional(Type.String({ description: 'masq: comma-separated opt-out words; empty = none; "default" = the standard list' })),
  PoolLimit: Type.Optional(Type.String({ description: 'masq: maximum numbers in this pool; "default" = MASQ_POOL_LIMIT' })),
};
const ServiceBody = Type.Object(ServiceFields);
const CreateServiceBody = Type.Object({ ...ServiceFields, UniqueName: Type.String({ maxLength: 191, description: 'Unique per account; no PII' }) });
const SidParams = Type.Object({ Sid: Type.String({ description: 'KS SID or UniqueName' }) });

const toInput = (b: Static<typeof ServiceBody>): ServiceInput => ({
  uniqueName: b.UniqueName,
  defaultTtl: b.DefaultTtl,
  callbackUrl: b.CallbackUrl,
  geoMatchLevel: b.GeoMatchLevel,
  numberSelectionBehavior: b.NumberSelectionBehavior,
  interceptCallbackUrl: b.InterceptCallbackUrl,
  outOfSessionCallbackUrl: b.OutOfSessionCallbackUrl,
  chatInstanceSid: b.ChatInstanceSid,
  argentinaMobileNine: b.ArgentinaMobileNine,
  mexicoLegacyOne: b.MexicoLegacyOne,
  optOutWords: b.OptOutWords === undefined ? undefined : parseOptOutWords(b.OptOutWords),
  poolLimit: b.PoolLimit === undefined ? undefined : parsePoolLimit(b.PoolLimit),
});

const parseOptOutWords = (raw: string): readonly string[] | null =>
  raw.trim().toLowerCase() === 'default' ? null : raw.split(',').map((w) => w.trim()).filter((w) => w !== '');

/** Stored in a 32-bit integer column (PostgreSQL); no pool comes near it. */
const MAX_POOL_LIMIT = 2_147_483_647;

const parsePoolLimit = (raw: string): number | null => {
  if (raw.trim().toLowerCase() === 'default') return null;
  const limit = /^\d{1,10}$/.test(raw.trim()) ? Number(raw.trim()) : Number.NaN;
  if (!(limit <= MAX_POOL_LIMIT)) throw invalidParameter('PoolLimit', `Expected a whole number up to ${MAX_POOL_LIMIT} or "default".`);
  return limit;
};

export const serviceRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Services'];
  app.post('/v1/Services', {
    schema: { tags, summary: 'Create a service', consumes: FORM, body: CreateServiceBody, response: { 201: ServiceJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const service = await createService(ctx.deps, accountOf(request).sid, toInput(request.body));
    return reply.code(201).send(serializeService(service, ctx.base(request)));
  });

  app.get('/v1/Services', {
    schema: { tags, summary: 'List services', querystring: PageQuery, response: { 200: ListJson('services', ServiceJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listServices(ctx.deps, accountOf(request).sid, parsed.request);
    return listBody('services', page, parsed, request, ctx, (s) => serializeService(s, ctx.base(request)));
  });

  app.get('/v1/Services/:Sid', {
    schema: { tags, summary: 'Fetch a service', params: SidParams, response: { 200: ServiceJson, ...ERRORS } },
  }, async (request) => serializeService(await fetchService(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  app.post('/v1/Services/:Sid', {
    schema: { tags, summary: 'Update a service', consumes: FORM, params: SidParams, body: ServiceBody, response: { 200: ServiceJson, ...ERRORS } },
  }, async (request) => {
    const service = await updateService(ctx.deps, accountOf(request).sid, request.params.Sid, toInput(request.body));
    return serializeService(service, ctx.base(request));
  });

  app.delete('/v1/Services/:Sid', {
    schema: { tags, summary: 'Delete a service with its sessions', params: SidParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteService(ctx.deps, accountOf(request).sid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
