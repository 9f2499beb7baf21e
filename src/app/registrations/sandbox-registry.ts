// masq's own registry, the sandbox's stand-in for TCR and the toll-free reviewer (docs/messaging.md, "The
// sandbox registry"), as one implementation of the registry seam (ports/registration.ts). It decides by
// the clock with the pure rules of domain/messaging/: a brand is screened at once and reviewed after
// BRAND_REVIEW_DELAY_MS; a campaign is reviewed CAMPAIGN_REVIEW_SECONDS after submission (at once for a mock
// brand's); a toll-free verification goes PENDING_REVIEW -> IN_REVIEW -> decided. No I/O, so it lives
// beside the use cases: every carrier account without a registration API is registered here.
import { EMPTY_PROFILE_DATA } from '../../domain/messaging/brand-profile.ts';
import { CAMPAIGN_REVIEW_SECONDS, type Campaign } from '../../domain/messaging/campaign.ts';
import {
  addSeconds, REVIEW_DECISION_SECONDS, REVIEW_START_SECONDS, reviewTollfree, type TollfreeVerification,
} from '../../domain/messaging/tollfree-verification.ts';
import type { CampaignAnswer, RegistrationPort, TollfreeAnswer } from '../../ports/registration.ts';
import { decideBrand, submitBrand } from '../brands/brand-submission.ts';
import { decidedCampaign } from '../campaigns/review-campaign.ts';

const campaignAnswer = (c: Campaign): CampaignAnswer => ({
  ref: null, status: c.status, campaignId: null, errors: c.errors, rateLimits: c.rateLimits, checkAt: c.decidesAt,
});

const tollfreeStep = (v: TollfreeVerification, now: Date): TollfreeAnswer => {
  const unchanged: TollfreeAnswer = { ref: null, status: v.status, rejectionReasons: v.rejectionReasons, errorCode: v.errorCode, checkAt: null };
  if (v.status === 'PENDING_REVIEW') {
    const decision = addSeconds(v.submittedAt, REVIEW_DECISION_SECONDS);
    return { ...unchanged, status: 'IN_REVIEW', checkAt: decision.getTime() > now.getTime() ? decision : now };
  }
  if (v.status !== 'IN_REVIEW') return unchanged;
  const reasons = reviewTollfree(v.submission);
  const [first] = reasons;
  if (!first) return { ...unchanged, status: 'TWILIO_APPROVED', rejectionReasons: [], errorCode: null };
  return { ...unchanged, status: 'TWILIO_REJECTED', rejectionReasons: reasons, errorCode: first.code };
};

export const SANDBOX_REGISTRY: RegistrationPort = {
  needsBrandProfile: true,
  submitBrand: async (brand, profile, now) => {
    const s = submitBrand(brand, profile ?? EMPTY_PROFILE_DATA, now);
    return { ref: null, status: s.status, verdict: s.verdict, checkAt: s.decidesAt };
  },
  checkBrand: async (brand, profile) => {
    const s = decideBrand(brand, profile ?? EMPTY_PROFILE_DATA);
    return { ref: null, status: s.status, verdict: s.verdict, checkAt: null };
  },
  submitCampaign: async ({ campaign, brand }, now) => {
    // A mock brand's campaign is reviewed at once (Twilio's Mock brands skip the wait too).
    if (brand.mock) return campaignAnswer(decidedCampaign(campaign, brand, now));
    return { ...campaignAnswer(campaign), status: 'IN_PROGRESS', errors: [], rateLimits: null, checkAt: addSeconds(now, CAMPAIGN_REVIEW_SECONDS) };
  },
  checkCampaign: async (campaign, brand, now) => {
    // Only a campaign under review waits for the registry: anything else leaves the due list for good.
    if (campaign.status !== 'IN_PROGRESS') return { ...campaignAnswer(campaign), checkAt: null };
    return campaignAnswer(decidedCampaign(campaign, brand, now));
  },
  assignNumbers: async () => undefined,
  submitTollfree: async (_verification, _number, now) => ({
    ref: null, status: 'PENDING_REVIEW', rejectionReasons: [], errorCode: null, checkAt: addSeconds(now, REVIEW_START_SECONDS),
  }),
  checkTollfree: async (verification, now) => tollfreeStep(verification, now),
};
