// Toll-free verifications (Twilio's TollfreeVerification, HH…): a business asks for a toll-free number to
// send SMS to the US and Canada. The sandbox reviewer moves a submission PENDING_REVIEW -> IN_REVIEW ->
// TWILIO_APPROVED | TWILIO_REJECTED by the clock; a rejected one may be edited (and goes back to review)
// for EDIT_WINDOW_DAYS. The status strings are Twilio's and the SMS gate compares them: kept exactly.
import type { RegistryLink } from './registry-link.ts';

export const TOLLFREE_STATUSES = ['PENDING_REVIEW', 'IN_REVIEW', 'TWILIO_APPROVED', 'TWILIO_REJECTED'] as const;
export type TollfreeStatus = (typeof TOLLFREE_STATUSES)[number];

export const OPT_IN_TYPES = ['VERBAL', 'WEB_FORM', 'PAPER_FORM', 'VIA_TEXT', 'MOBILE_QR_CODE', 'IMPORT', 'IMPORT_PLEASE_REPLACE'] as const;
export type OptInType = (typeof OPT_IN_TYPES)[number];

export const USE_CASE_CATEGORIES = [
  'TWO_FACTOR_AUTHENTICATION', 'ACCOUNT_NOTIFICATIONS', 'CUSTOMER_CARE', 'CHARITY_NONPROFIT', 'DELIVERY_NOTIFICATIONS',
  'FRAUD_ALERT_MESSAGING', 'EVENTS', 'HIGHER_EDUCATION', 'K12', 'MARKETING', 'POLLING_AND_VOTING_NON_POLITICAL',
  'POLITICAL_ELECTION_CAMPAIGNS', 'PUBLIC_SERVICE_ANNOUNCEMENT', 'SECURITY_ALERT',
] as const;

export const MESSAGE_VOLUMES = ['10', '100', '1,000', '10,000', '100,000', '250,000', '500,000', '750,000', '1,000,000', '5,000,000', '10,000,000+'] as const;

export const BUSINESS_TYPES = ['PRIVATE_PROFIT', 'PUBLIC_PROFIT', 'SOLE_PROPRIETOR', 'NON_PROFIT', 'GOVERNMENT'] as const;

/** A submission's review starts this long after it arrives... */
export const REVIEW_START_SECONDS = 600;
/** ...and is decided this long after it arrives (Twilio's take days to weeks). */
export const REVIEW_DECISION_SECONDS = 3_600;
/** A rejected verification can be edited for 7 days (Twilio's priority resubmission window). */
export const EDIT_WINDOW_DAYS = 7;

/** Rejection codes the sandbox reviewer reports (Twilio's toll-free verification range). */
export const TOLLFREE_REJECTION_CODES = {
  optInImage: 30509,
  optInLanguage: 30513,
} as const;

export interface RejectionReason {
  readonly code: number;
  readonly reason: string;
}

/** Everything the customer submits; text fields are null when not given. Kept together as one JSON object. */
export interface TollfreeSubmission {
  readonly businessName: string;
  readonly businessWebsite: string;
  readonly notificationEmail: string;
  readonly useCaseCategories: readonly string[];
  readonly useCaseSummary: string;
  readonly productionMessageSample: string;
  readonly optInImageUrls: readonly string[];
  readonly optInType: OptInType;
  readonly messageVolume: string;
  readonly customerProfileSid: string | null;
  readonly businessStreetAddress: string | null;
  readonly businessStreetAddress2: string | null;
  readonly businessCity: string | null;
  readonly businessStateProvinceRegion: string | null;
  readonly businessPostalCode: string | null;
  readonly businessCountry: string | null;
  readonly additionalInformation: string | null;
  readonly businessContactFirstName: string | null;
  readonly businessContactLastName: string | null;
  readonly businessContactEmail: string | null;
  readonly businessContactPhone: string | null;
  readonly businessRegistrationNumber: string | null;
  readonly businessRegistrationAuthority: string | null;
  readonly businessRegistrationCountry: string | null;
  readonly businessType: string | null;
  readonly businessRegistrationPhoneNumber: string | null;
  readonly doingBusinessAs: string | null;
  readonly optInConfirmationMessage: string | null;
  readonly helpMessageSample: string | null;
  readonly privacyPolicyUrl: string | null;
  readonly termsAndConditionsUrl: string | null;
  readonly ageGatedContent: boolean | null;
  readonly optInKeywords: readonly string[];
  readonly vettingProvider: string | null;
  readonly vettingId: string | null;
  readonly externalReferenceId: string | null;
  /** masq: where status changes are posted (signed like every callback). */
  readonly statusCallback: string | null;
}

/** A submission with nothing in it: what a stored one's missing keys default to. */
export const EMPTY_SUBMISSION: TollfreeSubmission = {
  businessName: '', businessWebsite: '', notificationEmail: '', useCaseCategories: [], useCaseSummary: '', productionMessageSample: '',
  optInImageUrls: [], optInType: 'WEB_FORM', messageVolume: '', customerProfileSid: null, businessStreetAddress: null, businessStreetAddress2: null,
  businessCity: null, businessStateProvinceRegion: null, businessPostalCode: null, businessCountry: null, additionalInformation: null,
  businessContactFirstName: null, businessContactLastName: null, businessContactEmail: null, businessContactPhone: null, businessRegistrationNumber: null,
  businessRegistrationAuthority: null, businessRegistrationCountry: null, businessType: null, businessRegistrationPhoneNumber: null, doingBusinessAs: null,
  optInConfirmationMessage: null, helpMessageSample: null, privacyPolicyUrl: null, termsAndConditionsUrl: null, ageGatedContent: null, optInKeywords: [],
  vettingProvider: null, vettingId: null, externalReferenceId: null, statusCallback: null,
};

export interface TollfreeVerification {
  readonly sid: string;
  readonly accountSid: string;
  readonly tollfreePhoneNumberSid: string;
  readonly tollfreePhoneNumber: string;
  readonly status: TollfreeStatus;
  readonly submission: TollfreeSubmission;
  readonly rejectionReasons: readonly RejectionReason[];
  readonly errorCode: number | null;
  readonly editReason: string | null;
  /** Until when a rejected verification may be edited; null unless rejected. */
  readonly editExpiration: Date | null;
  readonly decidesAt: Date | null;
  /** Which registry holds it (registry-link.ts); absent: masq's own. */
  readonly registry?: RegistryLink;
  /** When the review started (IN_REVIEW); the decision follows REVIEW_DECISION_SECONDS after submission. */
  readonly submittedAt: Date;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export const addSeconds = (date: Date, seconds: number): Date => new Date(date.getTime() + seconds * 1000);

/** Only a rejected verification whose edit window is open may be edited (Twilio's edit_allowed). */
export const editAllowed = (v: Pick<TollfreeVerification, 'status' | 'editExpiration'>, now: Date): boolean =>
  v.status === 'TWILIO_REJECTED' && v.editExpiration !== null && now.getTime() <= v.editExpiration.getTime();

/** A verification that still stands for its number (a new one for the number is refused). */
export const isOpen = (status: TollfreeStatus): boolean => status !== 'TWILIO_REJECTED';

const OPT_OUT_LANGUAGE = /\b(STOP|UNSUBSCRIBE|OPT[- ]?OUT|CANCEL|QUIT|END)\b/i;

/** The sandbox reviewer's verdict: the reasons to reject, none when the verification is approved. */
export const reviewTollfree = (s: TollfreeSubmission): readonly RejectionReason[] => {
  const reasons: RejectionReason[] = [];
  const needsImage = s.optInType !== 'VERBAL' && s.optInType !== 'VIA_TEXT';
  if (needsImage && s.optInImageUrls.length === 0) {
    reasons.push({ code: TOLLFREE_REJECTION_CODES.optInImage, reason: `Opt-in type ${s.optInType} needs at least one publicly reachable opt-in image URL (OptInImageUrls).` });
  }
  if (!OPT_OUT_LANGUAGE.test(s.productionMessageSample)) {
    reasons.push({ code: TOLLFREE_REJECTION_CODES.optInLanguage, reason: 'The production message sample must carry opt-out language, e.g. "Reply STOP to opt out".' });
  }
  return reasons;
};

/** What a review step changes. */
export type TollfreeVerificationPatchable = Partial<Pick<TollfreeVerification, 'status' | 'decidesAt' | 'rejectionReasons' | 'errorCode' | 'editExpiration'>>;
