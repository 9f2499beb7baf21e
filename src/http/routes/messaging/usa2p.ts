// Messaging v1 10DLC campaigns, served under /messaging only (client.messaging.v1):
//   /v1/Services/{MG}/Compliance/Usa2p[/{QE}]   services(MG).usAppToPerson (list key `compliance`)
//   /v1/Services/{MG}/Compliance/Usa2p/Usecases services(MG).usAppToPersonUsecases.fetch({brandRegistrationSid})
//   /v1/Services/PreregisteredUsa2p             externalCampaign.create (a campaign registered elsewhere)
// Twilio's clients send X-Twilio-Api-Version (e.g. v1.1); masq answers every version the same way.
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { createCampaign, type CampaignInput } from '../../../app/campaigns/create-campaign.ts';
import { createExternalCampaign } from '../../../app/campaigns/create-external-campaign.ts';
import { deleteCampaign } from '../../../app/campaigns/delete-campaign.ts';
import { fetchCampaign } from '../../../app/campaigns/fetch-campaign.ts';
import { listCampaigns } from '../../../app/campaigns/list-campaigns.ts';
import { listUseCases } from '../../../app/campaigns/list-use-cases.ts';
import { updateCampaign, type CampaignUpdate } from '../../../app/campaigns/update-campaign.ts';
import { checkHttpUrl } from '../../../domain/http-url.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { CampaignJson, ExternalCampaignJson, serializeCampaign, serializeExternalCampaign, serializeUseCases, UseCasesJson } from '../../serializers/campaign.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const Strings = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 1_024 }), { description: `${description}; repeat the key for several` }));
const Text = (maxLength: number, description?: string) => Type.String({ maxLength, ...(description && { description }) });

const UpdateFields = {
  Description: Text(4_096, 'What the campaign sends, to whom, and why (40-4,096 characters)'),
  MessageFlow: Text(2_048, 'How recipients opt in (40-2,048 characters)'),
  MessageSamples: Type.Array(Type.String({ maxLength: 1_024 }), { description: 'Sample messages (20-1,024 characters each); repeat the key' }),
  HasEmbeddedLinks: Type.Boolean(),
  HasEmbeddedPhone: Type.Boolean(),
  AgeGated: Type.Optional(Type.Boolean()),
  DirectLending: Type.Optional(Type.Boolean()),
  PrivacyPolicyUrl: Type.Optional(Text(2_048)),
  TermsAndConditionsUrl: Type.Optional(Text(2_048)),
};
const CreateBody = Type.Object({
  ...UpdateFields,
  BrandRegistrationSid: Type.String({ maxLength: 64, description: 'BN... of an APPROVED brand' }),
  UsAppToPersonUsecase: Type.String({ maxLength: 64, description: 'A use case of Usa2p/Usecases for the brand, e.g. PROXY' }),
  OptInMessage: Type.Optional(Text(2_048)),
  OptOutMessage: Type.Optional(Text(2_048)),
  HelpMessage: Type.Optional(Text(2_048)),
  OptInKeywords: Strings('Opt-in keywords'),
  OptOutKeywords: Strings('Opt-out keywords (must include STOP)'),
  HelpKeywords: Strings('Help keywords'),
  SubscriberOptIn: Type.Optional(Type.Boolean()),
});
const UpdateBody = Type.Object(UpdateFields);
const ExternalBody = Type.Object({
  CampaignId: Type.String({ maxLength: 64, description: "The campaign's registry id (TCR: C and six letters or digits)" }),
  MessagingServiceSid: Type.String({ maxLength: 64 }),
  CnpMigration: Type.Optional(Type.Boolean()),
});
const ServiceParams = Type.Object({ MessagingServiceSid: Type.String() });
const CampaignParams = Type.Object({ MessagingServiceSid: Type.String(), Sid: Type.String() });
const UseCaseQuery = Type.Object({ BrandRegistrationSid: Type.Optional(Type.String({ maxLength: 64 })) });

const urlOrNull = (name: string, value: string | undefined): string | null => (value === undefined || value === '' ? null : checkHttpUrl(name, value));

const keywords = (values: readonly string[] | undefined): string[] => (values ?? []).map((v) => v.trim()).filter((v) => v !== '');

const toUpdate = (b: Static<typeof UpdateBody>): CampaignUpdate => ({
  description: b.Description,
  messageFlow: b.MessageFlow,
  messageSamples: b.MessageSamples,
  hasEmbeddedLinks: b.HasEmbeddedLinks,
  hasEmbeddedPhone: b.HasEmbeddedPhone,
  ageGated: b.AgeGated ?? false,
  directLending: b.DirectLending ?? false,
  ...(b.PrivacyPolicyUrl !== undefined && { privacyPolicyUrl: urlOrNull('PrivacyPolicyUrl', b.PrivacyPolicyUrl) }),
  ...(b.TermsAndConditionsUrl !== undefined && { termsAndConditionsUrl: urlOrNull('TermsAndConditionsUrl', b.TermsAndConditionsUrl) }),
});

const toInput = (b: Static<typeof CreateBody>): CampaignInput => ({
  ...toUpdate(b),
  privacyPolicyUrl: urlOrNull('PrivacyPolicyUrl', b.PrivacyPolicyUrl),
  termsAndConditionsUrl: urlOrNull('TermsAndConditionsUrl', b.TermsAndConditionsUrl),
  brandRegistrationSid: b.BrandRegistrationSid,
  usecase: b.UsAppToPersonUsecase.trim().toUpperCase(),
  optInMessage: b.OptInMessage ?? null,
  optOutMessage: b.OptOutMessage ?? null,
  helpMessage: b.HelpMessage ?? null,
  optInKeywords: keywords(b.OptInKeywords),
  optOutKeywords: keywords(b.OptOutKeywords),
  helpKeywords: keywords(b.HelpKeywords),
  subscriberOptIn: b.SubscriberOptIn ?? null,
});

export const usa2pRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Messaging: 10DLC campaigns'];
  const base = ctx.base;
  app.post('/v1/Services/:MessagingServiceSid/Compliance/Usa2p', {
    schema: { tags, summary: 'Register a campaign', consumes: FORM, params: ServiceParams, body: CreateBody, response: { 201: CampaignJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const campaign = await createCampaign(ctx.deps, accountOf(request).sid, request.params.MessagingServiceSid, toInput(request.body));
    return reply.code(201).send(serializeCampaign(campaign, base(request)));
  });

  app.get('/v1/Services/:MessagingServiceSid/Compliance/Usa2p', {
    schema: { tags, summary: "List the service's campaign", params: ServiceParams, querystring: PageQuery, response: { 200: ListJson('compliance', CampaignJson), ...ERRORS } },
  }, async (request) => {
    const parsed = parsePageQuery(request.query);
    const page = await listCampaigns(ctx.deps, accountOf(request).sid, request.params.MessagingServiceSid, parsed.request);
    return listBody('compliance', page, parsed, request, ctx, (c) => serializeCampaign(c, base(request)));
  });

  app.get('/v1/Services/:MessagingServiceSid/Compliance/Usa2p/Usecases', {
    schema: { tags, summary: 'The use cases a brand may register', params: ServiceParams, querystring: UseCaseQuery, response: { 200: UseCasesJson, ...ERRORS } },
  }, async (request) => {
    const brandSid = request.query.BrandRegistrationSid || null;
    return serializeUseCases(await listUseCases(ctx.deps, accountOf(request).sid, request.params.MessagingServiceSid, brandSid));
  });

  app.get('/v1/Services/:MessagingServiceSid/Compliance/Usa2p/:Sid', {
    schema: { tags, summary: 'Fetch a campaign', params: CampaignParams, response: { 200: CampaignJson, ...ERRORS } },
  }, async (request) => serializeCampaign(await fetchCampaign(ctx.deps, accountOf(request).sid, request.params.MessagingServiceSid, request.params.Sid), base(request)));

  app.post('/v1/Services/:MessagingServiceSid/Compliance/Usa2p/:Sid', {
    schema: { tags, summary: 'Update a campaign', consumes: FORM, params: CampaignParams, body: UpdateBody, response: { 200: CampaignJson, ...ERRORS } },
  }, async (request) => {
    const { MessagingServiceSid, Sid } = request.params;
    return serializeCampaign(await updateCampaign(ctx.deps, accountOf(request).sid, MessagingServiceSid, Sid, toUpdate(request.body)), base(request));
  });

  app.delete('/v1/Services/:MessagingServiceSid/Compliance/Usa2p/:Sid', {
    schema: { tags, summary: 'Delete a campaign', params: CampaignParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteCampaign(ctx.deps, accountOf(request).sid, request.params.MessagingServiceSid, request.params.Sid);
    return reply.code(204).send(null);
  });

  app.post('/v1/Services/PreregisteredUsa2p', {
    schema: { tags, summary: 'Attach a campaign registered elsewhere', consumes: FORM, body: ExternalBody, response: { 201: ExternalCampaignJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const b = request.body;
    const campaign = await createExternalCampaign(ctx.deps, accountOf(request).sid, {
      campaignId: b.CampaignId, messagingServiceSid: b.MessagingServiceSid, cnpMigration: b.CnpMigration ?? false,
    });
    return reply.code(201).send(serializeExternalCampaign(campaign));
  });
};
