// Messaging v1 toll-free verifications, served under /messaging only (client.messaging.v1.tollfreeVerifications):
//   POST/GET /v1/Tollfree/Verifications            create (201), list (key `verifications`)
//   GET/POST/DELETE /v1/Tollfree/Verifications/{HH} fetch, edit a rejected one (202), delete (204)
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type, type Static } from '@sinclair/typebox';
import { createVerification } from '../../../app/tollfree/create-verification.ts';
import { deleteVerification } from '../../../app/tollfree/delete-verification.ts';
import { fetchVerification } from '../../../app/tollfree/fetch-verification.ts';
import { listVerifications } from '../../../app/tollfree/list-verifications.ts';
import { updateVerification } from '../../../app/tollfree/update-verification.ts';
import { invalidParameter } from '../../../domain/errors.ts';
import { checkHttpUrl } from '../../../domain/http-url.ts';
import {
  BUSINESS_TYPES, EMPTY_SUBMISSION, MESSAGE_VOLUMES, OPT_IN_TYPES, TOLLFREE_STATUSES, USE_CASE_CATEGORIES, type OptInType, type TollfreeSubmission,
} from '../../../domain/messaging/tollfree-verification.ts';
import { accountOf } from '../../plugins/auth.ts';
import { FORM } from '../../plugins/openapi.ts';
import { PageQuery, parsePageQuery } from '../../paging.ts';
import { StringEnum } from '../../serializers/common.ts';
import { serializeVerification, TollfreeVerificationJson } from '../../serializers/tollfree-verification.ts';
import { ERRORS, ListJson, listBody, type RouteContext } from '../common.ts';

const Text = (maxLength = 1_024) => Type.Optional(Type.String({ maxLength }));
const List = (description: string) => Type.Optional(Type.Array(Type.String({ maxLength: 2_048 }), { description: `${description}; repeat the key for several` }));

const Fields = {
  BusinessName: Text(), BusinessWebsite: Text(2_048), NotificationEmail: Text(320),
  UseCaseCategories: List(USE_CASE_CATEGORIES.join(', ')),
  UseCaseSummary: Text(4_096), ProductionMessageSample: Text(1_024),
  OptInImageUrls: List('Public URLs of images of the opt-in flow'),
  OptInType: Type.Optional(StringEnum(OPT_IN_TYPES)), MessageVolume: Type.Optional(StringEnum(MESSAGE_VOLUMES)),
  CustomerProfileSid: Text(64), BusinessStreetAddress: Text(), BusinessStreetAddress2: Text(), BusinessCity: Text(),
  BusinessStateProvinceRegion: Text(), BusinessPostalCode: Text(), BusinessCountry: Text(), AdditionalInformation: Text(4_096),
  BusinessContactFirstName: Text(), BusinessContactLastName: Text(), BusinessContactEmail: Text(320), BusinessContactPhone: Text(32),
  BusinessRegistrationNumber: Text(), BusinessRegistrationAuthority: Text(), BusinessRegistrationCountry: Text(),
  BusinessType: Type.Optional(StringEnum(BUSINESS_TYPES)), BusinessRegistrationPhoneNumber: Text(32), DoingBusinessAs: Text(),
  OptInConfirmationMessage: Text(), HelpMessageSample: Text(), PrivacyPolicyUrl: Text(2_048), TermsAndConditionsUrl: Text(2_048),
  AgeGatedContent: Type.Optional(Type.Boolean()), OptInKeywords: List('Opt-in keywords'), VettingProvider: Text(64), VettingId: Text(),
  ExternalReferenceId: Text(), StatusCallback: Type.Optional(Type.String({ maxLength: 2_048, description: 'masq: where status changes are posted (signed)' })),
};
const CreateBody = Type.Object({ ...Fields, TollfreePhoneNumberSid: Type.String({ maxLength: 64 }) });
const UpdateBody = Type.Object({ ...Fields, EditReason: Text() });
const SidParams = Type.Object({ Sid: Type.String() });
const ListQuery = Type.Object({
  ...PageQuery.properties,
  TollfreePhoneNumberSid: Type.Optional(Type.String({ maxLength: 64 })),
  Status: Type.Optional(StringEnum(TOLLFREE_STATUSES)),
  ExternalReferenceId: Type.Optional(Type.String({ maxLength: 1_024 })),
});

type Body = Static<typeof UpdateBody>;

const REQUIRED = ['BusinessName', 'BusinessWebsite', 'NotificationEmail', 'UseCaseCategories', 'UseCaseSummary', 'ProductionMessageSample', 'OptInType', 'MessageVolume'] as const;

const url = (name: string, value: string | undefined, previous: string | null): string | null =>
  value === undefined ? previous : value === '' ? null : checkHttpUrl(name, value);

/** The submission after applying the body's fields on `base`: a field left out keeps its value. */
const applied = (b: Body, base: TollfreeSubmission): TollfreeSubmission => ({
  businessName: b.BusinessName ?? base.businessName, businessWebsite: url('BusinessWebsite', b.BusinessWebsite, base.businessWebsite) ?? '',
  notificationEmail: b.NotificationEmail ?? base.notificationEmail, useCaseCategories: b.UseCaseCategories ?? base.useCaseCategories,
  useCaseSummary: b.UseCaseSummary ?? base.useCaseSummary, productionMessageSample: b.ProductionMessageSample ?? base.productionMessageSample,
  optInImageUrls: (b.OptInImageUrls ?? base.optInImageUrls).map((u, i) => checkHttpUrl(`OptInImageUrls[${i}]`, u)),
  optInType: b.OptInType ?? base.optInType, messageVolume: b.MessageVolume ?? base.messageVolume,
  customerProfileSid: b.CustomerProfileSid ?? base.customerProfileSid, businessStreetAddress: b.BusinessStreetAddress ?? base.businessStreetAddress,
  businessStreetAddress2: b.BusinessStreetAddress2 ?? base.businessStreetAddress2, businessCity: b.BusinessCity ?? base.businessCity,
  businessStateProvinceRegion: b.BusinessStateProvinceRegion ?? base.businessStateProvinceRegion,
  businessPostalCode: b.BusinessPostalCode ?? base.businessPostalCode, businessCountry: b.BusinessCountry ?? base.businessCountry,
  additionalInformation: b.AdditionalInformation ?? base.additionalInformation,
  businessContactFirstName: b.BusinessContactFirstName ?? base.businessContactFirstName, businessContactLastName: b.BusinessContactLastName ?? base.businessContactLastName,
  businessContactEmail: b.BusinessContactEmail ?? base.businessContactEmail, businessContactPhone: b.BusinessContactPhone ?? base.businessContactPhone,
  businessRegistrationNumber: b.BusinessRegistrationNumber ?? base.businessRegistrationNumber,
  businessRegistrationAuthority: b.BusinessRegistrationAuthority ?? base.businessRegistrationAuthority,
  businessRegistrationCountry: b.BusinessRegistrationCountry ?? base.businessRegistrationCountry, businessType: b.BusinessType ?? base.businessType,
  businessRegistrationPhoneNumber: b.BusinessRegistrationPhoneNumber ?? base.businessRegistrationPhoneNumber,
  doingBusinessAs: b.DoingBusinessAs ?? base.doingBusinessAs, optInConfirmationMessage: b.OptInConfirmationMessage ?? base.optInConfirmationMessage,
  helpMessageSample: b.HelpMessageSample ?? base.helpMessageSample, privacyPolicyUrl: url('PrivacyPolicyUrl', b.PrivacyPolicyUrl, base.privacyPolicyUrl),
  termsAndConditionsUrl: url('TermsAndConditionsUrl', b.TermsAndConditionsUrl, base.termsAndConditionsUrl),
  ageGatedContent: b.AgeGatedContent ?? base.ageGatedContent, optInKeywords: b.OptInKeywords ?? base.optInKeywords,
  vettingProvider: b.VettingProvider ?? base.vettingProvider, vettingId: b.VettingId ?? base.vettingId,
  externalReferenceId: b.ExternalReferenceId ?? base.externalReferenceId, statusCallback: url('StatusCallback', b.StatusCallback, base.statusCallback),
});

/**
 * Twilio's required fields, checked here rather than in the schema so one rule names the missing field in
 * Twilio's wording; OptInImageUrls is required by the client but may be empty (the sandbox reviewer rejects that).
 */
const submissionOf = (b: Body): TollfreeSubmission => {
  const missing = REQUIRED.find((name) => b[name] === undefined || (Array.isArray(b[name]) ? b[name].length === 0 : b[name] === ''));
  if (missing !== undefined) throw invalidParameter(missing, 'It is required.');
  const optInType: OptInType | undefined = b.OptInType;
  return applied(b, { ...EMPTY_SUBMISSION, ...(optInType !== undefined && { optInType }) });
};

export const tollfreeVerificationRoutes: FastifyPluginAsyncTypebox<RouteContext> = async (app, ctx) => {
  const tags = ['Messaging: toll-free verifications'];
  const now = () => ctx.deps.clock.now();
  app.post('/v1/Tollfree/Verifications', {
    schema: { tags, summary: 'Submit a toll-free verification', consumes: FORM, body: CreateBody, response: { 201: TollfreeVerificationJson, ...ERRORS } },
    config: { idempotent: true },
  }, async (request, reply) => {
    const created = await createVerification(ctx.deps, accountOf(request).sid, request.body.TollfreePhoneNumberSid, submissionOf(request.body));
    return reply.code(201).send(serializeVerification(created, ctx.base(request), now()));
  });

  app.get('/v1/Tollfree/Verifications', {
    schema: { tags, summary: 'List toll-free verifications', querystring: ListQuery, response: { 200: ListJson('verifications', TollfreeVerificationJson), ...ERRORS } },
  }, async (request) => {
    const q = request.query;
    const parsed = parsePageQuery(q);
    const filter = {
      ...(q.TollfreePhoneNumberSid && { tollfreePhoneNumberSid: q.TollfreePhoneNumberSid }),
      ...(q.Status && { status: q.Status }),
      ...(q.ExternalReferenceId && { externalReferenceId: q.ExternalReferenceId }),
    };
    const page = await listVerifications(ctx.deps, accountOf(request).sid, filter, parsed.request);
    return listBody('verifications', page, parsed, request, ctx, (v) => serializeVerification(v, ctx.base(request), now()));
  });

  app.get('/v1/Tollfree/Verifications/:Sid', {
    schema: { tags, summary: 'Fetch a toll-free verification', params: SidParams, response: { 200: TollfreeVerificationJson, ...ERRORS } },
  }, async (request) => serializeVerification(await fetchVerification(ctx.deps, accountOf(request).sid, request.params.Sid), ctx.base(request), now()));

  app.post('/v1/Tollfree/Verifications/:Sid', {
    schema: { tags, summary: 'Edit a rejected verification', consumes: FORM, params: SidParams, body: UpdateBody, response: { 202: TollfreeVerificationJson, ...ERRORS } },
  }, async (request, reply) => {
    const b = request.body;
    const updated = await updateVerification(ctx.deps, accountOf(request).sid, request.params.Sid, (current) => applied(b, current), b.EditReason ?? null);
    return reply.code(202).send(serializeVerification(updated, ctx.base(request), now()));
  });

  app.delete('/v1/Tollfree/Verifications/:Sid', {
    schema: { tags, summary: 'Delete a toll-free verification', params: SidParams, response: { 204: Type.Null(), ...ERRORS } },
  }, async (request, reply) => {
    await deleteVerification(ctx.deps, accountOf(request).sid, request.params.Sid);
    return reply.code(204).send(null);
  });
};
