// GET /v1/Services/{MG}/Compliance/Usa2p: the service's campaign (a list of zero or one, as Twilio's).
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { MessagingRepo, Page, PageRequest, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './campaign-lookup.ts';

export const listCampaigns = async (deps: DepsWith<MessagingRepo & RegistrationRepo>, accountSid: string, serviceSid: string, page: PageRequest): Promise<Page<Campaign>> => {
  await requireMessagingService(deps.store, accountSid, serviceSid);
  return deps.store.listCampaigns(accountSid, serviceSid, page);
};
