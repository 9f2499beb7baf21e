// POST /v1/Services/{MG}/Compliance/Usa2p/{QE}: Twilio lets a customer change the description, flow,
// samples, embedded links/phone, age gating, direct lending and the policy URLs.
// - A FAILED campaign is resubmitted: back to IN_PROGRESS for a new review (and a new vetting fee).
// - A VERIFIED campaign keeps sending: the change is checked by the registry's rules at once and refused
//   (80701, naming the field) if it would fail them, so an edit never silently unregisters a live campaign.
// - IN_PROGRESS (under review) and a campaign registered elsewhere cannot be updated (21725); a SUSPENDED one
//   neither (21729).
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { reviewCampaign } from '../../domain/messaging/campaign-review.ts';
import { CAMPAIGN_REVIEW_SECONDS, type Campaign, type CampaignContent } from '../../domain/messaging/campaign.ts';
import { addSeconds } from '../../domain/messaging/tollfree-verification.ts';
import { campaignFees } from './campaign-fees.ts';
import { requireCampaign } from './campaign-lookup.ts';
import type { CampaignDeps } from './create-campaign.ts';

/** The fields Twilio's update takes; optional ones left out keep their value. */
export type CampaignUpdate = Omit<CampaignContent, 'privacyPolicyUrl' | 'termsAndConditionsUrl'> & {
  readonly privacyPolicyUrl?: string | null;
  readonly termsAndConditionsUrl?: string | null;
};

const checkUpdatable = (campaign: Campaign): void => {
  if (campaign.status === 'SUSPENDED') throw new AppError('campaign-suspended', `Campaign ${campaign.sid} is suspended and cannot be updated.`);
  if (campaign.isExternallyRegistered) {
    throw new AppError('campaign-not-updatable', `Campaign ${campaign.sid} was registered elsewhere (PreregisteredUsa2p); update it at its registry.`);
  }
  // A carrier's campaign is changed at the carrier: masq would only be out of step with it.
  if (campaign.registry?.carrier) {
    throw new AppError('campaign-not-updatable', `Campaign ${campaign.sid} is registered at carrier account ${campaign.registry.carrier}; delete it and create it again to resubmit.`);
  }
  if (campaign.status !== 'VERIFIED' && campaign.status !== 'FAILED') {
    throw new AppError('campaign-not-updatable', `Campaign ${campaign.sid} is ${campaign.status}; it can be updated once the registry has decided it.`);
  }
};

const merged = (campaign: Campaign, update: CampaignUpdate, now: Date): Campaign => ({
  ...campaign,
  ...update,
  privacyPolicyUrl: update.privacyPolicyUrl === undefined ? campaign.privacyPolicyUrl : update.privacyPolicyUrl,
  termsAndConditionsUrl: update.termsAndConditionsUrl === undefined ? campaign.termsAndConditionsUrl : update.termsAndConditionsUrl,
  dateUpdated: now,
});

export const updateCampaign = async (deps: CampaignDeps, accountSid: string, serviceSid: string, sid: string, update: CampaignUpdate): Promise<Campaign> => {
  await requireCampaign(deps.store, accountSid, serviceSid, sid);
  return deps.store.transaction(async (tx) => {
    await tx.lock([`campaign:${sid}`]);
    const campaign = await requireCampaign(tx, accountSid, serviceSid, sid);
    checkUpdatable(campaign);
    const now = deps.clock.now();
    const next = merged(campaign, update, now);
    if (campaign.status === 'VERIFIED') {
      const [first] = reviewCampaign(next, next, next.usecase);
      if (first) throw invalidParameter(first.fields[0] ?? 'Description', first.description);
      return (await tx.updateCampaign(accountSid, sid, next)) ?? next;
    }
    const resubmitted: Campaign = { ...next, status: 'IN_PROGRESS', errors: [], decidesAt: addSeconds(now, CAMPAIGN_REVIEW_SECONDS) };
    const saved = (await tx.updateCampaign(accountSid, sid, resubmitted)) ?? resubmitted;
    await campaignFees(deps).onSubmitted(tx, saved);
    return saved;
  });
};
