// masq extension: brand profiles, the business data behind the BU… bundle SIDs a Messaging v1
// BrandRegistration names (masq has no Trust Hub; did-wire-contract §5.5, docs/messaging.md).
//   POST /masq/v1/BrandProfiles          create (every field optional: the registry judges completeness)
//   GET  /masq/v1/BrandProfiles[/{BU}]   list, fetch
//   POST /masq/v1/BrandProfiles/{BU}     update the given fields (empty clears one)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import type { BrandProfileInput } from '../../../app/brands/brand-profile-input.ts';
import { createBrandProfile, fetchBrandProfile, updateBrandProfile } from '../../../app/brands/save-brand-profile.ts';
import { ENTITY_TYPES } from '../../../domain/messaging/brand-profile.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { BrandProfileJson, serializeBrandProfile } from '../../serializers/messaging-brand.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const text = (description?: string) => Type.Optional(Type.String(description === undefined ? {} : { description }));

const ProfileBody = Type.Object({
  FriendlyName: text(),
  LegalName: text('The legal business name'),
  TaxId: text('EIN for US businesses: 12-3456789'),
  EntityType: text(ENTITY_TYPES.join(', ')),
  Vertical: text('TCR vertical, e.g. TECHNOLOGY, RETAIL, HEALTHCARE'),
  Street: text(),
  City: text(),
  Region: text('For US: the two-letter state'),
  PostalCode: text(),
  IsoCountry: text('Two letters, e.g. US'),
  Website: text('http(s) URL'),
  Email: text(),
  Phone: text('E.164'),
  StockSymbol: text('PUBLIC_PROFIT only'),
  StockExchange: text('PUBLIC_PROFIT only, e.g. NASDAQ'),
});
const SidParams = Type.Object({ Sid: Type.String({ description: 'BU SID' }) });

const toInput = (b: Static<typeof ProfileBody>): BrandProfileInput => ({
  ...(b.FriendlyName !== undefined && { friendlyName: b.FriendlyName }),
  ...(b.LegalName !== undefined && { legalName: b.LegalName }),
  ...(b.TaxId !== undefined && { taxId: b.TaxId }),
  ...(b.EntityType !== undefined && { entityType: b.EntityType }),
  ...(b.Vertical !== undefined && { vertical: b.Vertical }),
  ...(b.Street !== undefined && { street: b.Street }),
  ...(b.City !== undefined && { city: b.City }),
  ...(b.Region !== undefined && { region: b.Region }),
  ...(b.PostalCode !== undefined && { postalCode: b.PostalCode }),
  ...(b.IsoCountry !== undefined && { isoCountry: b.IsoCountry }),
  ...(b.Website !== undefined && { website: b.Website }),
  ...(b.Email !== undefined && { email: b.Email }),
  ...(b.Phone !== undefined && { phone: b.Phone }),
  ...(b.StockSymbol !== undefined && { stockSymbol: b.StockSymbol }),
  ...(b.StockExchange !== undefined && { stockExchange: b.StockExchange }),
});

export const brandProfileRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['masq: Brand profiles'];
  app.post('/masq/v1/BrandProfiles', {
    schema: { tags, summary: 'Create a brand profile (a BU SID for BrandRegistrations)', consumes: FORM, body: ProfileBody, response: { 201: BrandProfileJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const profile = await createBrandProfile(ctx.deps, accountOf(request).sid, toInput(request.body));
    return reply.code(201).send(serializeBrandProfile(profile, ctx.base(request)));
  });

  app.get('/masq/v1/BrandProfiles', {
    schema: { tags, summary: 'List brand profiles', querystring: PageQuery, response: { 200: ListJson('brand_profiles', BrandProfileJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await ctx.deps.store.listBrandProfiles(accountOf(request).sid, parsed.request);
    return listBody('brand_profiles', page, parsed, request, ctx, (p) => serializeBrandProfile(p, ctx.base(request)));
  });

  app.get('/masq/v1/BrandProfiles/:Sid', {
    schema: { tags, summary: 'Fetch a brand profile', params: SidParams, response: { 200: BrandProfileJson, ...ERRORS } },
  }, async (request) => serializeBrandProfile(await fetchBrandProfile(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request)));

  app.post('/masq/v1/BrandProfiles/:Sid', {
    schema: { tags, summary: 'Update a brand profile', consumes: FORM, params: SidParams, body: ProfileBody, response: { 200: BrandProfileJson, ...ERRORS } },
  }, async (request) => serializeBrandProfile(await updateBrandProfile(ctx.deps, accountOf(request).sid, request.params.Sid, toInput(request.body)), ctx.base(request)));
};
