// DELETE /2010-04-01/Accounts/{AC}/Keys/{SK}.json: the key stops authenticating at once (every request
// made with a key reads it from the store; nothing caches it).
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { apiKeyNotFound } from './fetch-api-key.ts';

export const deleteApiKey = async (deps: DepsWith<AccountRepo>, accountSid: string, sid: string): Promise<void> => {
  if (!(await deps.store.deleteApiKey(accountSid, sid))) throw apiKeyNotFound(accountSid, sid);
};
