// The sandbox registry's decision on a submitted campaign, as data: FAILED with its errors[], or VERIFIED
// with the carriers' throughput for its brand. Nothing is written here; callers store the result.
import type { BrandRegistration } from '../../domain/messaging/brand.ts';
import { reviewCampaign } from '../../domain/messaging/campaign-review.ts';
import { rateLimitsFor, type Campaign } from '../../domain/messaging/campaign.ts';

export const decidedCampaign = (campaign: Campaign, brand: Pick<BrandRegistration, 'brandScore'> | null, now: Date): Campaign => {
  const errors = reviewCampaign(campaign, campaign, campaign.usecase);
  return errors.length > 0
    ? { ...campaign, status: 'FAILED', errors, rateLimits: null, decidesAt: null, dateUpdated: now }
    : { ...campaign, status: 'VERIFIED', errors: [], rateLimits: rateLimitsFor(brand?.brandScore ?? null), decidesAt: null, dateUpdated: now };
};
