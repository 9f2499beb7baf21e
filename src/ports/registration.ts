// The registry seam (issue 13): where US messaging registrations are decided. A carrier account that has a
// registration API offers a RegistrationPort (CarrierAccount.registration): Twilio passes brands, campaigns
// and toll-free verifications through to its Messaging v1 as they are; Telnyx registers them with its 10DLC
// and toll-free verification APIs and its statuses are mapped to Twilio's. Accounts without one use masq's
// own sandbox registry (app/registrations/sandbox-registry.ts), which implements this port too.
//
// Every answer carries `checkAt`: when to ask again (the registration sweeper's decides_at), null once the
// registry has nothing more to say. Adapters throw CarrierSendError when the carrier could not be asked, and
// RegistryRefusal when it refused the request outright (a 4xx).
import type { BrandProfileData } from '../domain/messaging/brand-profile.ts';
import type { BrandRegistration, BrandStatus, BrandVerdict } from '../domain/messaging/brand.ts';
import type { Campaign, CampaignError, CampaignStatus, RateLimits } from '../domain/messaging/campaign.ts';
import type { RejectionReason, TollfreeStatus, TollfreeVerification } from '../domain/messaging/tollfree-verification.ts';

export interface BrandAnswer {
  readonly ref: string | null;
  readonly status: BrandStatus;
  readonly verdict: BrandVerdict;
  readonly checkAt: Date | null;
}

export interface CampaignAnswer {
  readonly ref: string | null;
  readonly status: CampaignStatus;
  /** The registry's campaign id (TCR's C…) once known; null keeps masq's. */
  readonly campaignId: string | null;
  readonly errors: readonly CampaignError[];
  readonly rateLimits: RateLimits | null;
  readonly checkAt: Date | null;
}

export interface TollfreeAnswer {
  readonly ref: string | null;
  readonly status: TollfreeStatus;
  readonly rejectionReasons: readonly RejectionReason[];
  readonly errorCode: number | null;
  readonly checkAt: Date | null;
}

/** A number as the registry knows it: its e164 and the carrier's own id for it. */
export interface RegisteredNumber {
  readonly e164: string;
  readonly carrierRef: string;
}

export interface CampaignRequest {
  /** The campaign as masq will store it (its content, keywords, use case, service). */
  readonly campaign: Campaign;
  readonly brand: BrandRegistration;
  readonly numbers: readonly RegisteredNumber[];
}

export interface RegistrationPort {
  /** Whether a brand's A2P profile must be a masq brand profile (BU of /masq/v1/BrandProfiles): the registry reads it. */
  readonly needsBrandProfile: boolean;
  /** Submits a new brand, or resubmits a FAILED one (`brand.registry.ref` set). `profile`: null when not needed. */
  submitBrand(brand: BrandRegistration, profile: BrandProfileData | null, now: Date): Promise<BrandAnswer>;
  checkBrand(brand: BrandRegistration, profile: BrandProfileData | null, now: Date): Promise<BrandAnswer>;
  submitCampaign(request: CampaignRequest, now: Date): Promise<CampaignAnswer>;
  checkCampaign(campaign: Campaign, brand: BrandRegistration | null, now: Date): Promise<CampaignAnswer>;
  /** Puts numbers in a campaign (once it is VERIFIED, and as numbers join its service); already there is not an error. */
  assignNumbers(campaign: Campaign, numbers: readonly RegisteredNumber[]): Promise<void>;
  submitTollfree(verification: TollfreeVerification, number: RegisteredNumber, now: Date): Promise<TollfreeAnswer>;
  checkTollfree(verification: TollfreeVerification, now: Date): Promise<TollfreeAnswer>;
}

/** The registry refused a request outright (bad input at the carrier): nothing was registered. */
export class RegistryRefusal extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RegistryRefusal';
  }
}
