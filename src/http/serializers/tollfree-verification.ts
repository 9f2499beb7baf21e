// Messaging v1 TollfreeVerification, as twilio-node reads it: snake_case, v1 dates, every key present.
import { Type, type Static } from '@sinclair/typebox';
import { editAllowed, TOLLFREE_STATUSES, type TollfreeVerification } from '../../domain/messaging/tollfree-verification.ts';
import { DateTime, isoDate, Nullable, StringEnum } from './common.ts';

const text = Nullable(Type.String());

export const TollfreeVerificationJson = Type.Object({
  sid: Type.String({ description: 'HH...' }),
  account_sid: Type.String(),
  customer_profile_sid: text,
  trust_product_sid: text,
  regulated_item_sid: text,
  date_created: DateTime,
  date_updated: DateTime,
  business_name: Type.String(),
  business_street_address: text,
  business_street_address2: text,
  business_city: text,
  business_state_province_region: text,
  business_postal_code: text,
  business_country: text,
  business_website: Type.String(),
  business_contact_first_name: text,
  business_contact_last_name: text,
  business_contact_email: text,
  business_contact_phone: text,
  notification_email: Type.String(),
  use_case_categories: Type.Array(Type.String()),
  use_case_summary: Type.String(),
  production_message_sample: Type.String(),
  opt_in_image_urls: Type.Array(Type.String()),
  opt_in_type: Type.String(),
  message_volume: Type.String(),
  additional_information: text,
  tollfree_phone_number_sid: Type.String(),
  tollfree_phone_number: Type.String(),
  status: StringEnum(TOLLFREE_STATUSES, 'PENDING_REVIEW, IN_REVIEW, TWILIO_APPROVED or TWILIO_REJECTED'),
  url: Type.String(),
  rejection_reason: text,
  error_code: Nullable(Type.Integer()),
  edit_expiration: Nullable(DateTime),
  edit_allowed: Type.Boolean(),
  edit_reason: text,
  business_registration_number: text,
  business_registration_authority: text,
  business_registration_country: text,
  business_type: text,
  business_registration_phone_number: text,
  doing_business_as: text,
  opt_in_confirmation_message: text,
  help_message_sample: text,
  privacy_policy_url: text,
  terms_and_conditions_url: text,
  age_gated_content: Nullable(Type.Boolean()),
  opt_in_keywords: Type.Array(Type.String()),
  rejection_reasons: Type.Array(Type.Object({ code: Type.Integer(), reason: Type.String() })),
  resource_links: Nullable(Type.Object({})),
  external_reference_id: text,
  vetting_id: text,
  vetting_provider: text,
  vetting_id_expiration: Nullable(DateTime),
  masq_status_callback: text,
  masq_decides_at: Nullable(Type.String({ format: 'date-time', description: 'masq: when the sandbox reviewer takes the next step' })),
}, { title: 'TollfreeVerification' });

const date = (d: Date): string => isoDate(d) ?? '';

export const verificationUrl = (base: string, sid: string): string => `${base}/v1/Tollfree/Verifications/${sid}`;

/** `now` decides edit_allowed (a rejected verification's window closes with time). */
export const serializeVerification = (v: TollfreeVerification, base: string, now: Date): Static<typeof TollfreeVerificationJson> => {
  const s = v.submission;
  return {
    sid: v.sid, account_sid: v.accountSid, customer_profile_sid: s.customerProfileSid, trust_product_sid: null, regulated_item_sid: null,
    date_created: date(v.dateCreated), date_updated: date(v.dateUpdated),
    business_name: s.businessName, business_street_address: s.businessStreetAddress, business_street_address2: s.businessStreetAddress2,
    business_city: s.businessCity, business_state_province_region: s.businessStateProvinceRegion, business_postal_code: s.businessPostalCode,
    business_country: s.businessCountry, business_website: s.businessWebsite, business_contact_first_name: s.businessContactFirstName,
    business_contact_last_name: s.businessContactLastName, business_contact_email: s.businessContactEmail, business_contact_phone: s.businessContactPhone,
    notification_email: s.notificationEmail, use_case_categories: [...s.useCaseCategories], use_case_summary: s.useCaseSummary,
    production_message_sample: s.productionMessageSample, opt_in_image_urls: [...s.optInImageUrls], opt_in_type: s.optInType,
    message_volume: s.messageVolume, additional_information: s.additionalInformation,
    tollfree_phone_number_sid: v.tollfreePhoneNumberSid, tollfree_phone_number: v.tollfreePhoneNumber, status: v.status,
    url: verificationUrl(base, v.sid),
    rejection_reason: v.rejectionReasons.length === 0 ? null : v.rejectionReasons.map((r) => r.reason).join(' '),
    error_code: v.errorCode,
    edit_expiration: isoDate(v.editExpiration),
    edit_allowed: editAllowed(v, now),
    edit_reason: v.editReason,
    business_registration_number: s.businessRegistrationNumber, business_registration_authority: s.businessRegistrationAuthority,
    business_registration_country: s.businessRegistrationCountry, business_type: s.businessType,
    business_registration_phone_number: s.businessRegistrationPhoneNumber, doing_business_as: s.doingBusinessAs,
    opt_in_confirmation_message: s.optInConfirmationMessage, help_message_sample: s.helpMessageSample, privacy_policy_url: s.privacyPolicyUrl,
    terms_and_conditions_url: s.termsAndConditionsUrl, age_gated_content: s.ageGatedContent, opt_in_keywords: [...s.optInKeywords],
    rejection_reasons: v.rejectionReasons.map((r) => ({ code: r.code, reason: r.reason })),
    resource_links: null, external_reference_id: s.externalReferenceId, vetting_id: s.vettingId, vetting_provider: s.vettingProvider,
    vetting_id_expiration: null, masq_status_callback: s.statusCallback, masq_decides_at: isoDate(v.decidesAt),
  };
};
