// DELETE /v1/Services/{MG} (Messaging): its numbers stay in the account's inventory, out of any messaging
// service; its campaign goes with it (FK cascade), as at Twilio.
import type { MessagingRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireMessagingService } from './messaging-service-view.ts';

export const deleteMessagingService = async (deps: DepsWith<MessagingRepo>, accountSid: string, sid: string): Promise<void> => {
  const service = await requireMessagingService(deps, accountSid, sid);
  await deps.store.deleteMessagingService(accountSid, service.sid);
};
