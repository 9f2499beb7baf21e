// What submitting a brand to the sandbox registry does, on create and on resubmit: screen it against its
// A2P profile at once (FAILED with errors[] if fields are missing or invalid), else queue it for review
// (PENDING, decided by decideDueBrands after BRAND_REVIEW_DELAY_MS), or approve a Mock brand at once.
import { AppError } from '../../domain/errors.ts';
import type { BrandProfile, BrandProfileData } from '../../domain/messaging/brand-profile.ts';
import { UNDECIDED, type BrandRegistration, type BrandStatus, type BrandType, type BrandVerdict } from '../../domain/messaging/brand.ts';
import { BRAND_REVIEW_DELAY_MS, reviewBrand, screenBrand } from '../../domain/messaging/sandbox-registry.ts';
import type { MessagingRepo } from '../../ports/store.ts';

export interface Submission {
  readonly status: BrandStatus;
  readonly verdict: BrandVerdict;
  readonly decidesAt: Date | null;
}

/** The account's profile behind a BU sid, or 21649 naming the parameter. */
export const requireProfile = async (tx: MessagingRepo, accountSid: string, param: string, sid: string): Promise<BrandProfile> => {
  const profile = await tx.findBrandProfile(accountSid, sid);
  if (!profile) throw new AppError('bundle-not-found', `${param} ${sid} is not a brand profile of this account (create one with POST /masq/v1/BrandProfiles)`);
  return profile;
};

export const submitBrand = (brand: { readonly sid: string; readonly brandType: BrandType; readonly mock: boolean }, profile: BrandProfileData, now: Date): Submission => {
  const screened = screenBrand(profile, brand.brandType);
  if (screened) return { status: 'FAILED', verdict: screened, decidesAt: null };
  if (brand.mock) {
    const { verdict } = reviewBrand(brand.sid, profile, brand.brandType);
    return { status: 'APPROVED', verdict, decidesAt: null };
  }
  return { status: 'PENDING', verdict: UNDECIDED, decidesAt: new Date(now.getTime() + BRAND_REVIEW_DELAY_MS) };
};

/** The registry's final answer for a PENDING brand under review (against the profile as it is now). */
export const decideBrand = (brand: BrandRegistration, profile: BrandProfileData): Submission => {
  const { approved, verdict } = reviewBrand(brand.sid, profile, brand.brandType);
  return { status: approved ? 'APPROVED' : 'FAILED', verdict, decidesAt: null };
};
