// GET /v1/Services/{MG}/Compliance/Usa2p/{QE}.
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { MessagingRepo, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireCampaign } from './campaign-lookup.ts';

export const fetchCampaign = (deps: DepsWith<MessagingRepo & RegistrationRepo>, accountSid: string, serviceSid: string, sid: string): Promise<Campaign> =>
  requireCampaign(deps.store, accountSid, serviceSid, sid);
