// Messaging v1 BrandRegistration (twilio-node's BrandRegistrationInstance) and masq's BrandProfile.
import { Type, type Static } from '@sinclair/typebox';
import type { BrandProfile } from '../../domain/messaging/brand-profile.ts';
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import { DateTime, isoDate, Nullable } from './common.ts';

export const BrandErrorJson = Type.Object({ error_code: Type.Integer(), description: Type.String(), fields: Type.Array(Type.String()) });

export const BrandRegistrationJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  customer_profile_bundle_sid: Type.String(),
  a2p_profile_bundle_sid: Type.String(),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  brand_type: Type.String(),
  status: Type.String(),
  tcr_id: Nullable(Type.String()),
  failure_reason: Nullable(Type.String()),
  errors: Type.Array(BrandErrorJson),
  url: Type.String(),
  brand_score: Nullable(Type.Integer()),
  brand_feedback: Nullable(Type.Array(Type.String())),
  identity_status: Nullable(Type.String()),
  russell_3000: Type.Boolean(),
  government_entity: Type.Boolean(),
  tax_exempt_status: Nullable(Type.String()),
  skip_automatic_sec_vet: Type.Boolean(),
  mock: Type.Boolean(),
  links: Type.Record(Type.String(), Type.String()),
  masq_decides_at: Nullable(DateTime),
}, { title: 'BrandRegistration' });

export const serializeBrandRegistration = (b: BrandRegistration, base: string): Static<typeof BrandRegistrationJson> => {
  const url = `${base}/v1/a2p/BrandRegistrations/${b.sid}`;
  return {
    sid: b.sid,
    account_sid: b.accountSid,
    customer_profile_bundle_sid: b.customerProfileBundleSid,
    a2p_profile_bundle_sid: b.a2pProfileBundleSid,
    date_created: isoDate(b.dateCreated),
    date_updated: isoDate(b.dateUpdated),
    brand_type: b.brandType,
    status: b.status,
    tcr_id: b.tcrId,
    failure_reason: b.failureReason,
    errors: b.errors.map((e) => ({ error_code: e.errorCode, description: e.description, fields: [...e.fields] })),
    url,
    brand_score: b.brandScore,
    brand_feedback: b.brandFeedback.length === 0 ? null : [...b.brandFeedback],
    identity_status: b.identityStatus,
    russell_3000: b.russell3000,
    government_entity: b.governmentEntity,
    tax_exempt_status: b.taxExemptStatus,
    skip_automatic_sec_vet: b.skipAutomaticSecVet,
    mock: b.mock,
    links: { brand_vettings: `${url}/Vettings`, brand_registration_otps: `${url}/SmsOtp` },
    // masq: when the sandbox registry decides a PENDING brand (null once decided).
    masq_decides_at: isoDate(b.decidesAt),
  };
};

export const BrandProfileJson = Type.Object({
  sid: Type.String(),
  account_sid: Type.String(),
  friendly_name: Type.String(),
  legal_name: Nullable(Type.String()),
  tax_id: Nullable(Type.String()),
  entity_type: Nullable(Type.String()),
  vertical: Nullable(Type.String()),
  street: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  iso_country: Nullable(Type.String()),
  website: Nullable(Type.String()),
  email: Nullable(Type.String()),
  phone: Nullable(Type.String()),
  stock_symbol: Nullable(Type.String()),
  stock_exchange: Nullable(Type.String()),
  date_created: Nullable(DateTime),
  date_updated: Nullable(DateTime),
  url: Type.String(),
}, { title: 'BrandProfile' });

export const serializeBrandProfile = (p: BrandProfile, base: string): Static<typeof BrandProfileJson> => ({
  sid: p.sid,
  account_sid: p.accountSid,
  friendly_name: p.friendlyName,
  legal_name: p.legalName,
  tax_id: p.taxId,
  entity_type: p.entityType,
  vertical: p.vertical,
  street: p.street,
  city: p.city,
  region: p.region,
  postal_code: p.postalCode,
  iso_country: p.isoCountry,
  website: p.website,
  email: p.email,
  phone: p.phone,
  stock_symbol: p.stockSymbol,
  stock_exchange: p.stockExchange,
  date_created: isoDate(p.dateCreated),
  date_updated: isoDate(p.dateUpdated),
  url: `${base}/masq/v1/BrandProfiles/${p.sid}`,
});
