// POST /2010-04-01/Accounts/{AC}/Keys/{SK}.json: only FriendlyName can change (the secret never does:
// to rotate, create a new key and delete the old one). Without FriendlyName the key is returned unchanged.
import type { ApiKey } from '../domain/account.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { apiKeyNotFound, fetchApiKey } from './fetch-api-key.ts';

export const updateApiKey = async (deps: DepsWith<AccountRepo, 'clock'>, accountSid: string, sid: string, friendlyName: string | undefined): Promise<ApiKey> => {
  if (friendlyName === undefined) return fetchApiKey(deps, accountSid, sid);
  const key = await deps.store.updateApiKey(accountSid, sid, { friendlyName, dateUpdated: deps.clock.now() });
  if (!key) throw apiKeyNotFound(accountSid, sid);
  return key;
};
