// Telnyx's 10DLC and toll-free verification JSON (plain camelCase objects, no `data` envelope) read into the
// registry seam's answers, and masq's registrations written as Telnyx's request bodies. Telnyx's statuses
// are mapped to Twilio's, which masq speaks (did-wire-contract §5.3 point 4); Telnyx gives its failure
// reasons as text, so masq files them under the nearest Twilio code. A status masq does not know is read as
// "still under review", never as approved.
import type { BrandProfileData } from '../../domain/messaging/brand-profile.ts';
import { BRAND_FEEDBACK, IDENTITY_STATUSES, type BrandRegistration, type BrandStatus, type BrandVerdict } from '../../domain/messaging/brand.ts';
import type { Campaign, CampaignError, CampaignStatus } from '../../domain/messaging/campaign.ts';
import { CARRIER_POLL_SECONDS, CARRIER_RECHECK_SECONDS } from '../../domain/messaging/registry-link.ts';
import { addSeconds, type TollfreeStatus, type TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import type { BrandAnswer, CampaignAnswer, TollfreeAnswer } from '../../ports/registration.ts';
import { isJsonObject, optionalString, type JsonObject } from './json-fields.ts';

/** The sandbox registry's "brand could not be verified" (TCR identity check). */
export const BRAND_UNVERIFIED_CODE = 30799;
/** Twilio's "campaign registration failed due to carrier rejection(s)". */
export const CAMPAIGN_REJECTED_CODE = 30899;
/** The sandbox registry's suspension code. */
export const CAMPAIGN_SUSPENDED_CODE = 30990;
/** Telnyx rejects toll-free requests with text only: masq files them under the start of Twilio's toll-free range. */
export const TOLLFREE_REJECTED_CODE = 30500;

const checkAt = (now: Date, pending: boolean, live: boolean): Date | null =>
  pending ? addSeconds(now, CARRIER_POLL_SECONDS) : live ? addSeconds(now, CARRIER_RECHECK_SECONDS) : null;

/** Telnyx reads an absent field and a null one differently on some fields: masq sends only what it has. */
const compact = (body: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(body).filter(([, value]) => value !== null && value !== undefined));

const stringOr = (json: JsonObject, key: string): string | null => optionalString(json, key)?.trim() || null;

// ---- brands

const BRAND_STATUS: Readonly<Record<string, BrandStatus>> = { OK: 'APPROVED', REGISTRATION_PENDING: 'PENDING', REGISTRATION_FAILED: 'FAILED' };

/** Telnyx's brand body from masq's brand profile; the legal name is also the display name (masq keeps one). */
export const brandBody = (brand: BrandRegistration, p: BrandProfileData): Record<string, unknown> => compact({
  entityType: brand.brandType === 'SOLE_PROPRIETOR' ? 'SOLE_PROPRIETOR' : p.entityType, displayName: p.legalName, companyName: p.legalName,
  ein: p.taxId, vertical: p.vertical, street: p.street, city: p.city, state: p.region, postalCode: p.postalCode, country: p.isoCountry,
  website: p.website, email: p.email, phone: p.phone, stockSymbol: p.stockSymbol, stockExchange: p.stockExchange, mock: brand.mock,
  ...(p.entityType === 'PUBLIC_PROFIT' && { businessContactEmail: p.email }),
});

/** Telnyx's brand feedback (GET /10dlc/brand/feedback/{id}): categories with the fields at fault. */
export interface BrandFeedbackCategory {
  readonly id: string;
  readonly description: string;
  readonly fields: readonly string[];
}

export const feedbackOf = (json: JsonObject | null): BrandFeedbackCategory[] => {
  const list = json && Array.isArray(json.category) ? json.category.filter(isJsonObject) : [];
  return list.map((c) => ({
    id: optionalString(c, 'id') ?? 'OTHERS',
    description: optionalString(c, 'description') ?? optionalString(c, 'displayName') ?? '',
    fields: Array.isArray(c.fields) ? c.fields.filter((f): f is string => typeof f === 'string') : [],
  }));
};

export const brandAnswerOf = (json: JsonObject, feedback: readonly BrandFeedbackCategory[], now: Date): BrandAnswer => {
  const status = BRAND_STATUS[optionalString(json, 'status') ?? ''] ?? 'PENDING';
  const failed = status === 'FAILED';
  const reasons = stringOr(json, 'failureReasons');
  const errors: CampaignError[] = feedback.length > 0
    ? feedback.map((f) => ({ errorCode: BRAND_UNVERIFIED_CODE, description: f.description, fields: f.fields }))
    : reasons === null ? [] : [{ errorCode: BRAND_UNVERIFIED_CODE, description: reasons, fields: [] }];
  const attributes = isJsonObject(json.optionalAttributes) ? json.optionalAttributes : {};
  const verdict: BrandVerdict = {
    tcrId: stringOr(json, 'tcrBrandId'),
    failureReason: failed ? reasons ?? feedback.map((f) => f.description).join('; ') : null,
    errors: failed ? errors : [],
    // Telnyx shows no vetting score on the brand; T-Mobile's tier comes from a vetting, not read here.
    brandScore: null,
    brandFeedback: failed ? feedback.flatMap((f) => BRAND_FEEDBACK.filter((known) => known === f.id)) : [],
    identityStatus: IDENTITY_STATUSES.find((s) => s === json.identityStatus) ?? null,
    russell3000: false,
    governmentEntity: json.entityType === 'GOVERNMENT' && status === 'APPROVED',
    taxExemptStatus: stringOr(attributes, 'taxExemptStatus'),
  };
  return { ref: stringOr(json, 'brandId'), status, verdict, checkAt: checkAt(now, status === 'PENDING', status === 'APPROVED') };
};

// ---- campaigns

/** did-wire-contract §5.3: MNO_PROVISIONED is VERIFIED, failures and MNO_REJECTED FAILED, TCR_SUSPENDED SUSPENDED, the rest IN_PROGRESS. */
export const campaignStatusOf = (telnyx: string | undefined): CampaignStatus => {
  if (telnyx === 'MNO_PROVISIONED') return 'VERIFIED';
  if (telnyx === 'TCR_SUSPENDED') return 'SUSPENDED';
  if (telnyx === 'MNO_REJECTED' || telnyx?.endsWith('FAILED')) return 'FAILED';
  return 'IN_PROGRESS';
};

const joined = (keywords: readonly string[]): string | undefined => (keywords.length > 0 ? keywords.join(',') : undefined);

/** Telnyx's campaignBuilder body; referenceId is masq's QE sid, so Telnyx refuses a duplicate of a lost answer. */
export const campaignBody = (c: Campaign, brandId: string): Record<string, unknown> => compact({
  brandId, referenceId: c.sid, usecase: c.usecase, description: c.description, messageFlow: c.messageFlow,
  ...Object.fromEntries(c.messageSamples.slice(0, 5).map((sample, i) => [`sample${i + 1}`, sample])),
  embeddedLink: c.hasEmbeddedLinks, embeddedPhone: c.hasEmbeddedPhone, ageGated: c.ageGated, directLending: c.directLending,
  // masq's pools are what a masking campaign is: several numbers sharing one campaign.
  numberPool: c.usecase === 'PROXY', termsAndConditions: true,
  subscriberOptin: c.subscriberOptIn ?? c.optInKeywords.length > 0, subscriberOptout: true, subscriberHelp: c.helpMessage !== null,
  optinMessage: c.optInMessage ?? undefined, optoutMessage: c.optOutMessage ?? undefined, helpMessage: c.helpMessage ?? undefined,
  optinKeywords: joined(c.optInKeywords), optoutKeywords: joined(c.optOutKeywords), helpKeywords: joined(c.helpKeywords),
  privacyPolicyLink: c.privacyPolicyUrl ?? undefined, termsAndConditionsLink: c.termsAndConditionsUrl ?? undefined,
});

const campaignErrors = (status: CampaignStatus, json: JsonObject): CampaignError[] => {
  const reasons = stringOr(json, 'failureReasons');
  if (status === 'SUSPENDED') return [{ errorCode: CAMPAIGN_SUSPENDED_CODE, description: reasons ?? 'The campaign was suspended at The Campaign Registry', fields: [] }];
  if (status !== 'FAILED') return [];
  return [{ errorCode: CAMPAIGN_REJECTED_CODE, description: reasons ?? `Telnyx: ${optionalString(json, 'campaignStatus') ?? 'FAILED'}`, fields: [] }];
};

/** `ref` is Telnyx's campaignId; `campaignId` is TCR's (tcrCampaignId) once TCR has one. */
export const campaignAnswerOf = (json: JsonObject, now: Date): CampaignAnswer => {
  const status = campaignStatusOf(optionalString(json, 'campaignStatus'));
  return {
    ref: stringOr(json, 'campaignId'),
    status,
    campaignId: stringOr(json, 'tcrCampaignId'),
    errors: campaignErrors(status, json),
    rateLimits: null,
    // A suspension can be lifted at TCR: a suspended campaign is still re-checked daily.
    checkAt: checkAt(now, status === 'IN_PROGRESS', status === 'VERIFIED' || status === 'SUSPENDED'),
  };
};

// ---- toll-free verifications

/** Twilio's toll-free use case categories as Telnyx names them; several, or an unknown one, are Telnyx's "Mixed". */
const USE_CASES: Readonly<Record<string, string>> = {
  TWO_FACTOR_AUTHENTICATION: '2FA', ACCOUNT_NOTIFICATIONS: 'App Notifications', CUSTOMER_CARE: 'Conversational / Alerts',
  CHARITY_NONPROFIT: 'Fundraising', DELIVERY_NOTIFICATIONS: 'Courier Services & Deliveries', FRAUD_ALERT_MESSAGING: 'Fraud Alerts',
  EVENTS: 'Events & Planning', HIGHER_EDUCATION: 'General School Updates', K12: 'General School Updates', MARKETING: 'General Marketing',
  POLLING_AND_VOTING_NON_POLITICAL: 'Surveys', POLITICAL_ELECTION_CAMPAIGNS: 'Political', PUBLIC_SERVICE_ANNOUNCEMENT: 'Public Works',
  SECURITY_ALERT: 'System Alerts',
};

const useCaseOf = (categories: readonly string[]): string => {
  const [only] = categories;
  return categories.length === 1 && only !== undefined ? USE_CASES[only] ?? 'Mixed' : 'Mixed';
};

export const tollfreeBody = (v: TollfreeVerification, e164: string): Record<string, unknown> => {
  const s = v.submission;
  return compact({
    businessName: s.businessName, corporateWebsite: s.businessWebsite, businessAddr1: s.businessStreetAddress ?? '', businessAddr2: s.businessStreetAddress2 ?? undefined,
    businessCity: s.businessCity ?? '', businessState: s.businessStateProvinceRegion ?? '', businessZip: s.businessPostalCode ?? '',
    businessContactFirstName: s.businessContactFirstName ?? '', businessContactLastName: s.businessContactLastName ?? '',
    businessContactEmail: s.businessContactEmail ?? s.notificationEmail, businessContactPhone: s.businessContactPhone ?? '',
    messageVolume: s.messageVolume, phoneNumbers: [{ phoneNumber: e164 }], useCase: useCaseOf(s.useCaseCategories), useCaseSummary: s.useCaseSummary,
    productionMessageContent: s.productionMessageSample, optInWorkflow: `${s.optInType}: ${s.useCaseSummary}`,
    optInWorkflowImageURLs: s.optInImageUrls.map((url) => ({ url })), additionalInformation: s.additionalInformation ?? '',
    businessRegistrationNumber: s.businessRegistrationNumber, businessRegistrationType: s.businessRegistrationAuthority,
    businessRegistrationCountry: s.businessRegistrationCountry, doingBusinessAs: s.doingBusinessAs, entityType: s.businessType,
    helpMessageResponse: s.helpMessageSample, optInConfirmationResponse: s.optInConfirmationMessage, optInKeywords: joined(s.optInKeywords),
    privacyPolicyURL: s.privacyPolicyUrl, termsAndConditionURL: s.termsAndConditionsUrl, ageGatedContent: s.ageGatedContent,
  });
};

const tollfreeStatusOf = (telnyx: string | undefined): TollfreeStatus => {
  if (telnyx === 'Verified') return 'TWILIO_APPROVED';
  if (telnyx === 'Rejected') return 'TWILIO_REJECTED';
  if (telnyx?.startsWith('Waiting For')) return 'PENDING_REVIEW';
  return 'IN_REVIEW';
};

export const tollfreeAnswerOf = (json: JsonObject, now: Date): TollfreeAnswer => {
  const status = tollfreeStatusOf(optionalString(json, 'verificationStatus'));
  const rejected = status === 'TWILIO_REJECTED';
  const reason = stringOr(json, 'reason') ?? 'Rejected by Telnyx';
  return {
    ref: stringOr(json, 'id') ?? stringOr(json, 'verificationRequestId'),
    status,
    rejectionReasons: rejected ? [{ code: TOLLFREE_REJECTED_CODE, reason }] : [],
    errorCode: rejected ? TOLLFREE_REJECTED_CODE : null,
    checkAt: checkAt(now, status === 'PENDING_REVIEW' || status === 'IN_REVIEW', false),
  };
};
