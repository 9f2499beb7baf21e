// DELETE /v1/Services/{Sid}: takes its sessions, participants and interactions with it; its numbers
// stay in the account's inventory, out of any pool.
import type { ServiceRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { fetchService } from './fetch-service.ts';

export const deleteService = async (deps: DepsWith<ServiceRepo>, accountSid: string, sidOrUniqueName: string): Promise<void> => {
  const service = await fetchService(deps, accountSid, sidOrUniqueName);
  await deps.store.deleteService(accountSid, service.sid);
};
