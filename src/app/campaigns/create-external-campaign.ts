// POST /v1/Services/PreregisteredUsa2p: attach a campaign registered at a carrier or another CSP to a
// messaging service. masq trusts the operator: the campaign is VERIFIED at once, with no brand, flagged
// is_externally_registered. The sandbox takes any TCR-shaped id (`C` and six letters or digits).
import { AppError, invalidParameter } from '../../domain/errors.ts';
import { isCampaignId, type Campaign } from '../../domain/messaging/campaign.ts';
import type { MessagingRepo, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './campaign-lookup.ts';

export interface ExternalCampaignInput {
  readonly campaignId: string;
  readonly messagingServiceSid: string;
  readonly cnpMigration: boolean;
}

export const createExternalCampaign = async (
  deps: DepsWith<MessagingRepo & RegistrationRepo, 'clock' | 'ids'>, accountSid: string, input: ExternalCampaignInput,
): Promise<Campaign> => {
  const campaignId = input.campaignId.trim().toUpperCase();
  if (!isCampaignId(campaignId)) throw invalidParameter('CampaignId', 'Expected a TCR campaign id: C followed by six letters or digits.');
  await requireMessagingService(deps.store, accountSid, input.messagingServiceSid);
  const now = deps.clock.now();
  const campaign: Campaign = {
    sid: deps.ids.sid('usAppToPerson'), accountSid, messagingServiceSid: input.messagingServiceSid, brandRegistrationSid: null, usecase: '',
    status: 'VERIFIED', campaignId, isExternallyRegistered: true, cnpMigration: input.cnpMigration, rateLimits: null, errors: [], mock: false,
    description: '', messageFlow: '', messageSamples: [], hasEmbeddedLinks: false, hasEmbeddedPhone: false, ageGated: false, directLending: false,
    privacyPolicyUrl: null, termsAndConditionsUrl: null, optInMessage: null, optOutMessage: null, helpMessage: null, optInKeywords: [],
    optOutKeywords: [], helpKeywords: [], subscriberOptIn: null, decidesAt: null, dateCreated: now, dateUpdated: now,
  };
  if (!(await deps.store.createCampaign(campaign))) {
    throw new AppError('campaign-already-exists', `Messaging Service ${input.messagingServiceSid} already has an A2P campaign.`);
  }
  return campaign;
};
