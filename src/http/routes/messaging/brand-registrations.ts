// Messaging v1 /v1/a2p/BrandRegistrations[/{BN}] (list key `data`), and masq's /masq/v1/BrandProfiles
// (the data behind the BU… bundle SIDs a brand names; did-wire-contract §5.5), served at the root.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createBrandRegistration } from '../../../app/brands/create-brand-registration.ts';
import { fetchBrandRegistration, listBrandRegistrations } from '../../../app/brands/read-brand-registrations.ts';
import { resubmitBrandRegistration } from '../../../app/brands/resubmit-brand-registration.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { BrandRegistrationJson, serializeBrandRegistration } from '../../serializers/messaging-brand.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const CreateBody = Type.Object({
  CustomerProfileBundleSid: Type.String({ description: 'BU SID of a brand profile (POST /masq/v1/BrandProfiles)' }),
  A2PProfileBundleSid: Type.String({ description: 'BU SID of the brand profile the registry checks' }),
  BrandType: Type.Optional(Type.String({ description: 'STANDARD (default) or SOLE_PROPRIETOR' })),
  Mock: Type.Optional(Type.Boolean({ description: 'Approved at once when its profile is valid; no review delay' })),
  SkipAutomaticSecVet: Type.Optional(Type.Boolean()),
  MasqCarrier: Type.Optional(Type.String({ maxLength: 64, description: 'masq: the carrier account whose registry registers the brand (default: the default carrier)' })),
});
const SidParams = Type.Object({ Sid: Type.String({ description: 'BN SID' }) });

export const brandRegistrationRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['A2P Brand Registrations'];
  app.post('/v1/a2p/BrandRegistrations', {
    schema: { tags, summary: 'Register a brand', consumes: FORM, body: CreateBody, response: { 201: BrandRegistrationJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const b = request.body;
    const brand = await createBrandRegistration(ctx.deps, accountOf(request).sid, {
      customerProfileBundleSid: b.CustomerProfileBundleSid, a2pProfileBundleSid: b.A2PProfileBundleSid,
      ...(b.BrandType !== undefined && { brandType: b.BrandType }), ...(b.Mock !== undefined && { mock: b.Mock }),
      ...(b.SkipAutomaticSecVet !== undefined && { skipAutomaticSecVet: b.SkipAutomaticSecVet }),
      ...(b.MasqCarrier !== undefined && { carrier: b.MasqCarrier }),
    });
    return reply.code(201).send(serializeBrandRegistration(brand, ctx.base(request)));
  });

  app.get('/v1/a2p/BrandRegistrations', {
    schema: { tags, summary: 'List brand registrations', querystring: PageQuery, response: { 200: ListJson('data', BrandRegistrationJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listBrandRegistrations(ctx.deps, accountOf(request).sid, parsed.request);
    return listBody('data', page, parsed, request, ctx, (b) => serializeBrandRegistration(b, ctx.base(request)));
  });

  app.get('/v1/a2p/BrandRegistrations/:Sid', {
    schema: { tags, summary: 'Fetch a brand registration', params: SidParams, response: { 200: BrandRegistrationJson, ...ERRORS } },
  }, async (request) => serializeBrandRegistration(await fetchBrandRegistration(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  // Twilio's update takes no parameters: it resubmits a FAILED brand and answers 202.
  app.post('/v1/a2p/BrandRegistrations/:Sid', {
    schema: { tags, summary: 'Resubmit a FAILED brand registration', params: SidParams, response: { 202: BrandRegistrationJson, ...ERRORS } },
  }, async (request, reply) => {
    const brand = await resubmitBrandRegistration(ctx.deps, accountOf(request).sid, request.params.Sid);
    return reply.code(202).send(serializeBrandRegistration(brand, ctx.base(request)));
  });
};
