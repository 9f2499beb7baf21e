// DELETE /v1/Services/{MG}/PhoneNumbers/{PN} (Messaging): the number leaves the pool and stays in the
// account's inventory, as at Twilio.
import { notFound } from '../../domain/errors.ts';
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './messaging-service-view.ts';

export const removeMessagingNumber = async (deps: DepsWith<MessagingRepo>, accountSid: string, serviceSid: string, numberSid: string): Promise<void> => {
  const service = await requireMessagingService(deps, accountSid, serviceSid);
  const live = await deps.store.findMessagingNumber(accountSid, service.sid, numberSid);
  if (!live || !await deps.store.removeMessagingNumber(accountSid, service.sid, numberSid)) {
    throw notFound(`/Services/${serviceSid}/PhoneNumbers/${numberSid}`);
  }
};
