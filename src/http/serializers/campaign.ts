// Messaging v1 UsAppToPerson (a 10DLC campaign), PreregisteredUsa2p (ExternalCampaign) and the use-case
// list, as twilio-node reads them: snake_case, v1 dates, every key present (null when unknown).
import { Type, type Static } from '@sinclair/typebox';
import { CAMPAIGN_STATUSES, type Campaign, type UseCase } from '../../domain/messaging/campaign.ts';
import { DateTime, isoDate, Nullable, StringEnum } from './common.ts';

const ErrorEntry = Type.Object({ error_code: Type.Integer(), description: Type.String(), fields: Type.Array(Type.String()) });

export const CampaignJson = Type.Object({
  sid: Type.String({ description: 'QE...' }),
  account_sid: Type.String(),
  brand_registration_sid: Nullable(Type.String({ description: 'BN...; null for a campaign registered elsewhere' })),
  messaging_service_sid: Type.String(),
  description: Type.String(),
  message_samples: Type.Array(Type.String()),
  us_app_to_person_usecase: Nullable(Type.String()),
  has_embedded_links: Type.Boolean(),
  has_embedded_phone: Type.Boolean(),
  subscriber_opt_in: Nullable(Type.Boolean()),
  age_gated: Type.Boolean(),
  direct_lending: Type.Boolean(),
  campaign_status: StringEnum(CAMPAIGN_STATUSES, 'PENDING, IN_PROGRESS, VERIFIED, FAILED or SUSPENDED'),
  campaign_id: Type.String({ description: "The registry's id (TCR's CXXXXXX)" }),
  is_externally_registered: Type.Boolean(),
  rate_limits: Nullable(Type.Object({
    att: Type.Object({ mps: Type.Integer(), msg_class: Type.String() }),
    tmobile: Type.Object({ brand_tier: Type.String() }),
  })),
  message_flow: Type.String(),
  opt_in_message: Nullable(Type.String()),
  opt_out_message: Nullable(Type.String()),
  help_message: Nullable(Type.String()),
  opt_in_keywords: Type.Array(Type.String()),
  opt_out_keywords: Type.Array(Type.String()),
  help_keywords: Type.Array(Type.String()),
  date_created: DateTime,
  date_updated: DateTime,
  url: Type.String(),
  mock: Type.Boolean(),
  errors: Type.Array(ErrorEntry),
  privacy_policy_url: Nullable(Type.String()),
  terms_and_conditions_url: Nullable(Type.String()),
  masq_decides_at: Nullable(Type.String({ format: 'date-time', description: 'masq: when the sandbox registry decides the campaign under review' })),
}, { title: 'UsAppToPerson' });

const date = (d: Date): string => isoDate(d) ?? '';

export const campaignUrl = (base: string, c: Pick<Campaign, 'messagingServiceSid' | 'sid'>): string =>
  `${base}/v1/Services/${c.messagingServiceSid}/Compliance/Usa2p/${c.sid}`;

export const serializeCampaign = (c: Campaign, base: string): Static<typeof CampaignJson> => ({
  sid: c.sid,
  account_sid: c.accountSid,
  brand_registration_sid: c.brandRegistrationSid,
  messaging_service_sid: c.messagingServiceSid,
  description: c.description,
  message_samples: [...c.messageSamples],
  us_app_to_person_usecase: c.usecase === '' ? null : c.usecase,
  has_embedded_links: c.hasEmbeddedLinks,
  has_embedded_phone: c.hasEmbeddedPhone,
  subscriber_opt_in: c.subscriberOptIn,
  age_gated: c.ageGated,
  direct_lending: c.directLending,
  campaign_status: c.status,
  campaign_id: c.campaignId,
  is_externally_registered: c.isExternallyRegistered,
  rate_limits: c.rateLimits && { att: { mps: c.rateLimits.att.mps, msg_class: c.rateLimits.att.msgClass }, tmobile: { brand_tier: c.rateLimits.tmobile.brandTier } },
  message_flow: c.messageFlow,
  opt_in_message: c.optInMessage,
  opt_out_message: c.optOutMessage,
  help_message: c.helpMessage,
  opt_in_keywords: [...c.optInKeywords],
  opt_out_keywords: [...c.optOutKeywords],
  help_keywords: [...c.helpKeywords],
  date_created: date(c.dateCreated),
  date_updated: date(c.dateUpdated),
  url: campaignUrl(base, c),
  mock: c.mock,
  errors: c.errors.map((e) => ({ error_code: e.errorCode, description: e.description, fields: [...e.fields] })),
  privacy_policy_url: c.privacyPolicyUrl,
  terms_and_conditions_url: c.termsAndConditionsUrl,
  masq_decides_at: isoDate(c.decidesAt),
});

export const ExternalCampaignJson = Type.Object({
  sid: Type.String({ description: 'QE...' }),
  account_sid: Type.String(),
  campaign_id: Type.String(),
  messaging_service_sid: Type.String(),
  date_created: DateTime,
}, { title: 'ExternalCampaign' });

export const serializeExternalCampaign = (c: Campaign): Static<typeof ExternalCampaignJson> => ({
  sid: c.sid, account_sid: c.accountSid, campaign_id: c.campaignId, messaging_service_sid: c.messagingServiceSid, date_created: date(c.dateCreated),
});

export const UseCasesJson = Type.Object({
  us_app_to_person_usecases: Type.Array(Type.Object({
    code: Type.String(), name: Type.String(), description: Type.String(), post_approval_required: Type.Boolean(),
  })),
}, { title: 'UsAppToPersonUsecase' });

export const serializeUseCases = (useCases: readonly UseCase[]): Static<typeof UseCasesJson> => ({
  us_app_to_person_usecases: useCases.map((u) => ({ code: u.code, name: u.name, description: u.description, post_approval_required: u.postApprovalRequired })),
});
