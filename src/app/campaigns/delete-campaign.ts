// DELETE /v1/Services/{MG}/Compliance/Usa2p/{QE}: the service's numbers stop being registered at once
// (the SMS gate reads the campaign's row, which is gone). Fees already billed stay billed.
import type { MessagingRepo, RegistrationRepo } from '../../ports/store.ts';
import type { DepsWith } from '../deps.ts';
import { requireCampaign } from './campaign-lookup.ts';

export const deleteCampaign = async (deps: DepsWith<MessagingRepo & RegistrationRepo>, accountSid: string, serviceSid: string, sid: string): Promise<void> => {
  await requireCampaign(deps.store, accountSid, serviceSid, sid);
  await deps.store.deleteCampaign(accountSid, sid);
};
