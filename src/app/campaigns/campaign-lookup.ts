// What every campaign use case looks up first: the messaging service in the path (20404 when it is not the
// account's) and the campaign under it.
import { notFound } from '../../domain/errors.ts';
import type { Campaign } from '../../domain/messaging/campaign.ts';
import type { MessagingService } from '../../domain/messaging/service.ts';
import type { MessagingRepo } from '../../ports/store/messaging.ts';
import type { RegistrationRepo } from '../../ports/store/registrations.ts';

export const campaignPath = (serviceSid: string, sid?: string): string => `/v1/Services/${serviceSid}/Compliance/Usa2p${sid === undefined ? '' : `/${sid}`}`;

export const requireMessagingService = async (repo: Pick<MessagingRepo, 'findMessagingService'>, accountSid: string, serviceSid: string): Promise<MessagingService> => {
  const service = await repo.findMessagingService(accountSid, serviceSid);
  if (!service) throw notFound(`/v1/Services/${serviceSid}`);
  return service;
};

/** The campaign `sid` of this service; 20404 when it is another service's (or another account's). */
export const requireCampaign = async (
  repo: Pick<MessagingRepo, 'findMessagingService'> & Pick<RegistrationRepo, 'findCampaign'>, accountSid: string, serviceSid: string, sid: string,
): Promise<Campaign> => {
  await requireMessagingService(repo, accountSid, serviceSid);
  const campaign = await repo.findCampaign(accountSid, sid);
  if (!campaign || campaign.messagingServiceSid !== serviceSid) throw notFound(campaignPath(serviceSid, sid));
  return campaign;
};
