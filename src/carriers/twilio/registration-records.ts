// Twilio's Messaging v1 registration JSON (BrandRegistration, UsAppToPerson, TollfreeVerification) read
// into the registry seam's answers. Twilio is the wire masq copies, so statuses and errors are kept as they
// are; a status masq does not know is read as "still under review", never as approved.
import { BRAND_STATUSES, IDENTITY_STATUSES, BRAND_FEEDBACK, type BrandStatus, type BrandVerdict } from '../../domain/messaging/brand.ts';
import { CAMPAIGN_STATUSES, type CampaignError, type CampaignStatus, type RateLimits } from '../../domain/messaging/campaign.ts';
import { CARRIER_POLL_SECONDS, CARRIER_RECHECK_SECONDS } from '../../domain/messaging/registry-link.ts';
import { addSeconds, TOLLFREE_STATUSES, type RejectionReason, type TollfreeStatus } from '../../domain/messaging/tollfree-verification.ts';
import type { BrandAnswer, CampaignAnswer, TollfreeAnswer } from '../../ports/registration.ts';
import { isRecord, numberOrNull, stringOrNull, type JsonRecord } from './numbers-records.ts';

const oneOf = <T extends string>(list: readonly T[], value: unknown, fallback: T): T => list.find((v) => v === value) ?? fallback;
const records = (value: unknown): JsonRecord[] => (Array.isArray(value) ? value.filter(isRecord) : []);
const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : []);

/** Twilio's errors[] entries: {error_code, description, fields}. */
const errorsOf = (value: unknown): CampaignError[] => records(value).map((e) => ({
  errorCode: numberOrNull(e.error_code) ?? 0, description: stringOrNull(e.description) ?? '', fields: strings(e.fields),
}));

/** Pending statuses are polled; approved ones re-checked slowly (for a suspension); others wait for the customer. */
const checkAt = (now: Date, pending: boolean, live: boolean): Date | null =>
  pending ? addSeconds(now, CARRIER_POLL_SECONDS) : live ? addSeconds(now, CARRIER_RECHECK_SECONDS) : null;

export const brandAnswerOf = (json: JsonRecord, now: Date): BrandAnswer => {
  const status: BrandStatus = oneOf(BRAND_STATUSES, json.status, 'PENDING');
  const verdict: BrandVerdict = {
    tcrId: stringOrNull(json.tcr_id),
    failureReason: stringOrNull(json.failure_reason),
    errors: errorsOf(json.errors),
    brandScore: numberOrNull(json.brand_score),
    brandFeedback: strings(json.brand_feedback).flatMap((f) => BRAND_FEEDBACK.filter((known) => known === f)),
    identityStatus: IDENTITY_STATUSES.find((s) => s === json.identity_status) ?? null,
    russell3000: json.russell_3000 === true,
    governmentEntity: json.government_entity === true,
    taxExemptStatus: stringOrNull(json.tax_exempt_status),
  };
  const pending = status === 'PENDING' || status === 'IN_REVIEW' || status === 'DELETION_PENDING';
  return { ref: stringOrNull(json.sid), status, verdict, checkAt: checkAt(now, pending, status === 'APPROVED') };
};

const rateLimitsOf = (value: unknown): RateLimits | null => {
  if (!isRecord(value) || !isRecord(value.att) || !isRecord(value.tmobile)) return null;
  return {
    att: { mps: numberOrNull(value.att.mps) ?? 0, msgClass: stringOrNull(value.att.msg_class) ?? '' },
    tmobile: { brandTier: stringOrNull(value.tmobile.brand_tier) ?? '' },
  };
};

/** A campaign's answer; `ref` is "{MG}/{QE}": the Twilio messaging service masq mirrored and the campaign on it. */
export const campaignAnswerOf = (json: JsonRecord, serviceSid: string, now: Date): CampaignAnswer => {
  const status: CampaignStatus = oneOf(CAMPAIGN_STATUSES, json.campaign_status, 'IN_PROGRESS');
  const sid = stringOrNull(json.sid);
  return {
    ref: sid === null ? null : `${serviceSid}/${sid}`,
    status,
    campaignId: stringOrNull(json.campaign_id),
    errors: errorsOf(json.errors),
    rateLimits: rateLimitsOf(json.rate_limits),
    checkAt: checkAt(now, status === 'PENDING' || status === 'IN_PROGRESS', status === 'VERIFIED'),
  };
};

const reasonsOf = (json: JsonRecord): RejectionReason[] => {
  const listed = records(json.rejection_reasons).map((r) => ({ code: numberOrNull(r.code) ?? numberOrNull(r.error_code) ?? 0, reason: stringOrNull(r.reason) ?? stringOrNull(r.description) ?? '' }));
  const single = stringOrNull(json.rejection_reason);
  return listed.length > 0 || single === null ? listed : [{ code: numberOrNull(json.error_code) ?? 0, reason: single }];
};

export const tollfreeAnswerOf = (json: JsonRecord, now: Date): TollfreeAnswer => {
  const status: TollfreeStatus = oneOf(TOLLFREE_STATUSES, json.status, 'IN_REVIEW');
  return {
    ref: stringOrNull(json.sid),
    status,
    rejectionReasons: status === 'TWILIO_REJECTED' ? reasonsOf(json) : [],
    errorCode: status === 'TWILIO_REJECTED' ? numberOrNull(json.error_code) : null,
    checkAt: checkAt(now, status === 'PENDING_REVIEW' || status === 'IN_REVIEW', false),
  };
};
