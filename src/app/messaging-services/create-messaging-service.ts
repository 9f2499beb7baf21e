// POST /v1/Services (Messaging): a sender pool with Twilio's defaults for every setting not given.
import { invalidParameter } from '../../domain/errors.ts';
import { DEFAULT_MESSAGING_SETTINGS, type MessagingService } from '../../domain/messaging/service.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { applyMessagingInput, checkFriendlyName, type MessagingServiceInput } from './messaging-service-input.ts';
import type { MessagingServiceView } from './messaging-service-view.ts';

export const createMessagingService = async (
  deps: DepsWith<MessagingRepo, 'clock' | 'ids'>, accountSid: string, input: MessagingServiceInput,
): Promise<MessagingServiceView> => {
  if (input.friendlyName === undefined) throw invalidParameter('FriendlyName', 'It is required.');
  const now = deps.clock.now();
  const service: MessagingService = {
    sid: deps.ids.sid('messagingService'),
    accountSid,
    friendlyName: checkFriendlyName(input.friendlyName),
    settings: applyMessagingInput(DEFAULT_MESSAGING_SETTINGS, input),
    dateCreated: now,
    dateUpdated: now,
  };
  await deps.store.createMessagingService(service);
  // A new service has no campaign yet.
  return { service, usAppToPersonRegistered: false };
};
