// POST /masq/v1/Campaigns/{QE} Status=SUSPENDED | VERIFIED: the registry's (or the operator's) action that
// Twilio has no API for. Suspending a VERIFIED campaign makes its numbers' SMS fail with 30033 (the gate
// reads campaign_status); reinstating a SUSPENDED one makes it VERIFIED again.
import { invalidParameter, notFound } from '../../domain/errors.ts';
import { CAMPAIGN_ERROR_CODES } from '../../domain/messaging/campaign-review.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { Locks, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export type CampaignAction = 'SUSPENDED' | 'VERIFIED';

const SUSPENSION = { errorCode: CAMPAIGN_ERROR_CODES.suspended, description: 'The campaign was suspended by the registry or the operator.', fields: [] };

export const setCampaignStatus = async (
  deps: DepsWith<RegistrationRepo & Locks, 'clock'>, accountSid: string, sid: string, status: CampaignAction, reason: string | null,
): Promise<Campaign> => deps.store.transaction(async (tx) => {
  await tx.lock([`campaign:${sid}`]);
  const campaign = await tx.findCampaign(accountSid, sid);
  if (!campaign) throw notFound(`/masq/v1/Campaigns/${sid}`);
  if (campaign.status === status) return campaign;
  const now = deps.clock.now();
  if (status === 'SUSPENDED') {
    if (campaign.status !== 'VERIFIED' && campaign.status !== 'IN_PROGRESS') throw invalidParameter('Status', `A ${campaign.status} campaign cannot be suspended.`);
    const errors = [{ ...SUSPENSION, description: reason ?? SUSPENSION.description }];
    return (await tx.updateCampaign(accountSid, sid, { status, errors, decidesAt: null, dateUpdated: now })) ?? campaign;
  }
  if (campaign.status !== 'SUSPENDED') throw invalidParameter('Status', `Only a SUSPENDED campaign can be reinstated (this one is ${campaign.status}).`);
  return (await tx.updateCampaign(accountSid, sid, { status, errors: [], decidesAt: null, dateUpdated: now })) ?? campaign;
});
