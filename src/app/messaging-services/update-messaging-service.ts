// POST /v1/Services/{MG} (Messaging): changes only the settings given.
import { notFound } from '../../domain/errors.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { applyMessagingInput, checkFriendlyName, type MessagingServiceInput } from './messaging-service-input.ts';
import { requireMessagingService, viewOf, type MessagingServiceView } from './messaging-service-view.ts';

export const updateMessagingService = async (
  deps: DepsWith<MessagingRepo, 'clock'>, accountSid: string, sid: string, input: MessagingServiceInput,
): Promise<MessagingServiceView> => {
  const current = await requireMessagingService(deps, accountSid, sid);
  const updated = await deps.store.updateMessagingService(accountSid, current.sid, {
    ...(input.friendlyName !== undefined && { friendlyName: checkFriendlyName(input.friendlyName) }),
    settings: applyMessagingInput(current.settings, input),
    dateUpdated: deps.clock.now(),
  });
  if (!updated) throw notFound(`/Services/${sid}`);
  return viewOf(deps, updated);
};
