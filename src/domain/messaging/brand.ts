// A2P 10DLC brand registrations (Twilio's BrandRegistration, BN…): the legal entity behind US long-code
// traffic. Its status is decided by a registry: the sandbox's (sandbox-registry.ts) or, one day, a
// carrier's. The wire's status strings are kept exactly, since gating and campaigns compare them.
import type { RegistryLink } from './registry-link.ts';

export const BRAND_STATUSES = ['PENDING', 'APPROVED', 'FAILED', 'IN_REVIEW', 'DELETION_PENDING', 'DELETION_FAILED', 'SUSPENDED'] as const;
export type BrandStatus = (typeof BRAND_STATUSES)[number];

export const BRAND_TYPES = ['STANDARD', 'SOLE_PROPRIETOR'] as const;
export type BrandType = (typeof BRAND_TYPES)[number];

export const IDENTITY_STATUSES = ['SELF_DECLARED', 'UNVERIFIED', 'VERIFIED', 'VETTED_VERIFIED'] as const;
export type IdentityStatus = (typeof IDENTITY_STATUSES)[number];

export const BRAND_FEEDBACK = ['TAX_ID', 'STOCK_SYMBOL', 'NONPROFIT', 'GOVERNMENT_ENTITY', 'OTHERS'] as const;
export type BrandFeedback = (typeof BRAND_FEEDBACK)[number];

/** One entry of the wire's `errors[]`: Twilio's brand failure code (307xx), what it means, the fields at fault. */
export interface BrandError {
  readonly errorCode: number;
  readonly description: string;
  readonly fields: readonly string[];
}

/** What the registry concluded about a brand; null fields until it decides. */
export interface BrandVerdict {
  readonly tcrId: string | null;
  readonly failureReason: string | null;
  readonly errors: readonly BrandError[];
  readonly brandScore: number | null;
  readonly brandFeedback: readonly BrandFeedback[];
  readonly identityStatus: IdentityStatus | null;
  readonly russell3000: boolean;
  readonly governmentEntity: boolean;
  readonly taxExemptStatus: string | null;
}

export interface BrandRegistration extends BrandVerdict {
  readonly sid: string;
  readonly accountSid: string;
  readonly customerProfileBundleSid: string;
  readonly a2pProfileBundleSid: string;
  readonly brandType: BrandType;
  readonly status: BrandStatus;
  readonly skipAutomaticSecVet: boolean;
  readonly mock: boolean;
  /** When the registry decides a PENDING brand (or a carrier's is asked again); null once decided. */
  readonly decidesAt: Date | null;
  /** Which registry holds it (registry-link.ts); absent: masq's own. */
  readonly registry?: RegistryLink;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export const UNDECIDED: BrandVerdict = {
  tcrId: null, failureReason: null, errors: [], brandScore: null, brandFeedback: [], identityStatus: null,
  russell3000: false, governmentEntity: false, taxExemptStatus: null,
};

/** Only a FAILED brand may be resubmitted (POST {BN} with no body; 21725 otherwise). */
export const canResubmit = (brand: Pick<BrandRegistration, 'status'>): boolean => brand.status === 'FAILED';

/** A sole proprietor brand may have one campaign (TCR's rule); a standard brand has no such limit. */
export const maxCampaigns = (brand: Pick<BrandRegistration, 'brandType'>): number | null => (brand.brandType === 'SOLE_PROPRIETOR' ? 1 : null);
