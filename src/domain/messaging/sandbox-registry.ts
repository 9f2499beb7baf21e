// The sandbox's brand registry: masq's stand-in for The Campaign Registry (TCR). It checks a brand against
// its profile the way TCR's validation does (docs/messaging.md, "The sandbox registry"):
// - at once, on submission: a missing or malformed field fails the brand with Twilio's 30701 and the
//   fields at fault, and so does a brand type that does not fit the entity type;
// - after BRAND_REVIEW_DELAY_MS, as TCR's identity check: a tax id starting with 00 cannot be verified
//   (30799, feedback TAX_ID); anything else is approved with a score by entity type.
// Pure: the caller passes the time and the profile.
import type { BrandProfileData } from './brand-profile.ts';
import { ENTITY_TYPES, VERTICALS } from './brand-profile.ts';
import type { BrandError, BrandType, BrandVerdict } from './brand.ts';
import { UNDECIDED } from './brand.ts';

/** How long the sandbox registry takes to decide a valid brand (TCR takes minutes to days). */
export const BRAND_REVIEW_DELAY_MS = 10 * 60_000;

export const INVALID_INPUT_CODE = 30701;
export const INVALID_INPUT_DESCRIPTION = 'Brand registration request contained one or more invalid inputs.';
export const UNVERIFIED_CODE = 30799;
export const UNVERIFIED_DESCRIPTION = 'Brand Registration Feedback: We were unable to verify the details of the registration data.';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const E164 = /^\+[1-9]\d{7,14}$/;
const US_TAX_ID = /^\d{2}-?\d{7}$/;
const US_REGION = /^[A-Z]{2}$/;
const US_POSTAL = /^\d{5}(-\d{4})?$/;
const COUNTRY = /^[A-Z]{2}$/;
const MAX_TEXT = 255;

const blank = (v: string | null): boolean => v === null || v.trim() === '';

const isHttpUrl = (v: string): boolean => {
  try {
    const url = new URL(v);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
};

const includes = (list: readonly string[], v: string): boolean => list.includes(v);

type Check = readonly [field: string, ok: boolean];

/** Each field checked by its wire name (Twilio's 30701 table); `ok` false means missing or malformed. */
const fieldChecks = (p: BrandProfileData, brandType: BrandType): readonly Check[] => {
  const soleProp = brandType === 'SOLE_PROPRIETOR';
  const us = p.isoCountry === 'US';
  const publicCompany = p.entityType === 'PUBLIC_PROFIT';
  return [
    ['business_name', !blank(p.legalName) && (p.legalName ?? '').length <= MAX_TEXT],
    // A sole proprietor has no EIN: TCR identifies them by a mobile number instead.
    ['business_registration_number', soleProp ? true : !blank(p.taxId) && (!us || US_TAX_ID.test(p.taxId ?? ''))],
    ['business_type', p.entityType !== null && includes(ENTITY_TYPES, p.entityType) && (p.entityType === 'SOLE_PROPRIETOR') === soleProp],
    ['business_industry', soleProp ? p.vertical === null || includes(VERTICALS, p.vertical) : p.vertical !== null && includes(VERTICALS, p.vertical)],
    ['street', !blank(p.street)],
    ['city', !blank(p.city)],
    ['region', !blank(p.region) && (!us || US_REGION.test(p.region ?? ''))],
    ['postal_code', !blank(p.postalCode) && (!us || US_POSTAL.test(p.postalCode ?? ''))],
    ['iso_country', p.isoCountry !== null && COUNTRY.test(p.isoCountry)],
    ['website', soleProp && p.website === null ? true : p.website !== null && isHttpUrl(p.website)],
    ['email', p.email !== null && EMAIL.test(p.email)],
    ['phone_number', p.phone !== null && E164.test(p.phone)],
    ['stock_ticker', !publicCompany || !blank(p.stockSymbol)],
    ['stock_exchange', !publicCompany || !blank(p.stockExchange)],
  ];
};

/** The fields a brand of this type fails on, in the wire's names; empty when the submission is valid. */
export const invalidBrandFields = (profile: BrandProfileData, brandType: BrandType): readonly string[] =>
  fieldChecks(profile, brandType).filter(([, ok]) => !ok).map(([field]) => field);

const failed = (errors: readonly BrandError[], reason: string, feedback: BrandVerdict['brandFeedback']): BrandVerdict => ({
  ...UNDECIDED, errors, failureReason: reason, brandFeedback: feedback, identityStatus: 'UNVERIFIED',
});

/** Submission: the failed verdict for an invalid brand, or null when it goes on to review. */
export const screenBrand = (profile: BrandProfileData, brandType: BrandType): BrandVerdict | null => {
  const fields = invalidBrandFields(profile, brandType);
  if (fields.length === 0) return null;
  return failed([{ errorCode: INVALID_INPUT_CODE, description: INVALID_INPUT_DESCRIPTION, fields }], `Invalid or missing: ${fields.join(', ')}`, []);
};

/** TCR's id for an approved brand: `B` and six characters, derived from the BN sid so it is stable. */
export const tcrIdOf = (brandSid: string): string => `B${brandSid.slice(2, 8).toUpperCase()}`;

const EXCHANGES_IN_RUSSELL = new Set(['NYSE', 'NASDAQ']);

/** Scores by entity type: they set T-Mobile's daily cap (did-platform §4.1); documented in docs/messaging.md. */
const SCORES: Readonly<Record<string, number>> = { GOVERNMENT: 90, PUBLIC_PROFIT: 85, NON_PROFIT: 75, PRIVATE_PROFIT: 60, SOLE_PROPRIETOR: 20 };

/** Review: the final verdict for a brand that passed screening. */
export const reviewBrand = (brandSid: string, profile: BrandProfileData, brandType: BrandType): { readonly approved: boolean; readonly verdict: BrandVerdict } => {
  const screened = screenBrand(profile, brandType);
  if (screened) return { approved: false, verdict: screened };
  if (brandType === 'STANDARD' && (profile.taxId ?? '').startsWith('00')) {
    return {
      approved: false,
      verdict: failed([{ errorCode: UNVERIFIED_CODE, description: UNVERIFIED_DESCRIPTION, fields: ['business_registration_number', 'business_name'] }],
        'The tax id could not be verified against the legal business name', ['TAX_ID']),
    };
  }
  const entity = profile.entityType ?? '';
  return {
    approved: true,
    verdict: {
      ...UNDECIDED,
      tcrId: tcrIdOf(brandSid),
      brandScore: SCORES[entity] ?? null,
      identityStatus: brandType === 'SOLE_PROPRIETOR' ? 'SELF_DECLARED' : 'VERIFIED',
      russell3000: entity === 'PUBLIC_PROFIT' && EXCHANGES_IN_RUSSELL.has((profile.stockExchange ?? '').toUpperCase()),
      governmentEntity: entity === 'GOVERNMENT',
      taxExemptStatus: entity === 'NON_PROFIT' ? '501c3' : null,
    },
  };
};
