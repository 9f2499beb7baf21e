// A messaging service as the wire shows it: with us_app_to_person_registered, read from its campaign.
import { notFound } from '../../domain/errors.ts';
import type { MessagingService } from '../../domain/messaging/service.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';

export interface MessagingServiceView {
  readonly service: MessagingService;
  /** True when the service's campaign is VERIFIED (US A2P 10DLC traffic may flow). */
  readonly usAppToPersonRegistered: boolean;
}

export const viewOf = async (deps: DepsWith<MessagingRepo>, service: MessagingService): Promise<MessagingServiceView> => ({
  service,
  usAppToPersonRegistered: await deps.store.hasVerifiedCampaign(service.sid),
});

/** The service, within the caller's account only: another account's reads exactly like a missing one. */
export const requireMessagingService = async (deps: DepsWith<MessagingRepo>, accountSid: string, sid: string): Promise<MessagingService> => {
  const service = await deps.store.findMessagingService(accountSid, sid);
  if (!service) throw notFound(`/Services/${sid}`);
  return service;
};
